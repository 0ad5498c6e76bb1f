from typing import Literal

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI(title="Tickets API", version="1.2.0")

TICKETS: dict[int, dict] = {}


class TicketIn(BaseModel):
    title: str = Field(min_length=1, max_length=79)


class TicketOut(BaseModel):
    id: int
    title: str
    status: Literal["open", "closed"]


class ErrorOut(BaseModel):
    error: str


@app.post(
    "/tickets",
    status_code=201,
    response_model=TicketOut,
    summary="Open a ticket",
    operation_id="open_ticket",
    tags=["tickets"],
)
def open_ticket(ticket: TicketIn):
    ticket_id = len(TICKETS) + 1
    TICKETS[ticket_id] = {"id": ticket_id, "title": ticket.title, "status": "open"}
    return TICKETS[ticket_id]


@app.get(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    responses={404: {"model": ErrorOut, "description": "No ticket with this id"}},
    summary="Read a ticket",
    operation_id="read_ticket",
    tags=["tickets"],
)
def read_ticket(ticket_id: int):
    if ticket_id not in TICKETS:
        return JSONResponse(status_code=404, content={"error": "ticket not found"})
    return TICKETS[ticket_id]
