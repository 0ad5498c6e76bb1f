import itertools
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Path, Response, status
from pydantic import BaseModel, StrictInt, StringConstraints, field_validator, model_validator

ROOMS = {"atlas": 4, "boreal": 8}


@dataclass
class Booking:
    id: int
    room: str
    day: date
    start_hour: int
    end_hour: int
    title: str

    def clashes(self, room, day, start, end):
        return self.room == room and self.day == day and max(self.start_hour, start) < min(self.end_hour, end)


class Request(BaseModel):
    day: date
    start_hour: StrictInt
    end_hour: StrictInt
    title: Annotated[str, StringConstraints(min_length=1, max_length=80)]

    @field_validator("start_hour")
    @classmethod
    def opening(cls, v):
        if v < 8 or v > 17:
            raise ValueError("start between 8 and 17")
        return v

    @field_validator("end_hour")
    @classmethod
    def closing(cls, v):
        if not 9 <= v <= 18:
            raise ValueError("end between 9 and 18")
        return v

    @model_validator(mode="after")
    def ordered(self):
        if not self.start_hour < self.end_hour:
            raise ValueError("end_hour must be after start_hour")
        return self


store: list[Booking] = []
ids = itertools.count(1)
router = APIRouter()


def room_or_404(room: str) -> str:
    if room not in ROOMS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "room not found")
    return room


@router.post("/rooms/{room}/bookings", status_code=status.HTTP_201_CREATED)
def create(room: Annotated[str, Path()], req: Request):
    room_or_404(room)
    clash = next((b for b in store if b.clashes(room, req.day, req.start_hour, req.end_hour)), None)
    if clash:
        raise HTTPException(status.HTTP_409_CONFLICT, f"overlaps booking {clash.id}")
    booking = Booking(next(ids), room, req.day, req.start_hour, req.end_hour, req.title)
    store.append(booking)
    return asdict(booking)


@router.get("/rooms/{room}/bookings")
def listing(room: str, day: date | None = None):
    room_or_404(room)
    chosen = [b for b in store if b.room == room and day in (None, b.day)]
    chosen.sort(key=lambda b: b.start_hour)
    chosen.sort(key=lambda b: b.day)
    return [asdict(b) for b in chosen]


@router.delete("/bookings/{booking_id}")
def cancel(booking_id: int):
    for i, b in enumerate(store):
        if b.id == booking_id:
            del store[i]
            return Response(status_code=status.HTTP_204_NO_CONTENT)
    raise HTTPException(status.HTTP_404_NOT_FOUND, "booking not found")


app = FastAPI()
app.include_router(router)
