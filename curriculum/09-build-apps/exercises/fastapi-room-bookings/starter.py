from datetime import date

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field, model_validator

app = FastAPI()
ROOMS = {"atlas": 4, "boreal": 8}
bookings = {}  # id -> booking dict


class BookingIn(BaseModel):
    day: date
    start_hour: int
    end_hour: int
    title: str


@app.post("/rooms/{room}/bookings")
def create_booking(room: str, booking: BookingIn):
    booking_id = len(bookings) + 1
    record = {"id": booking_id, "room": room, **booking.model_dump()}
    bookings[booking_id] = record
    return record

# Still to do: 404, 409, validation, GET /rooms/{room}/bookings, DELETE /bookings/{id}
