from datetime import date

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field, model_validator

app = FastAPI()
ROOMS = {"atlas": 4, "boreal": 8}
bookings = {}  # id -> booking dict
next_id = 1


class BookingIn(BaseModel):
    day: date
    start_hour: int = Field(strict=True, ge=8, le=17)
    end_hour: int = Field(strict=True, ge=9, le=18)
    title: str = Field(min_length=1, max_length=80)

    @model_validator(mode="after")
    def ends_after_start(self):
        if self.end_hour <= self.start_hour:
            raise ValueError("end_hour must be after start_hour")
        return self


def require_room(room):
    if room not in ROOMS:
        raise HTTPException(status_code=404, detail="room not found")


@app.post("/rooms/{room}/bookings", status_code=201)
def create_booking(room: str, booking: BookingIn):
    global next_id
    require_room(room)
    for other in bookings.values():
        same_slot = other["room"] == room and other["day"] == booking.day
        if same_slot and booking.start_hour < other["end_hour"] and other["start_hour"] < booking.end_hour:
            raise HTTPException(status_code=409, detail=f"overlaps booking {other['id']}")
    record = {"id": next_id, "room": room, **booking.model_dump()}
    bookings[next_id] = record
    next_id += 1
    return record


@app.get("/rooms/{room}/bookings")
def list_bookings(room: str, day: date | None = None):
    require_room(room)
    found = [b for b in bookings.values() if b["room"] == room and (day is None or b["day"] == day)]
    return sorted(found, key=lambda b: (b["day"], b["start_hour"]))


@app.delete("/bookings/{booking_id}", status_code=204)
def delete_booking(booking_id: int):
    if booking_id not in bookings:
        raise HTTPException(status_code=404, detail="booking not found")
    del bookings[booking_id]
    return Response(status_code=204)
