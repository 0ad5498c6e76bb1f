"""Same contract with an APIRouter, Annotated constraints and an exception handler."""

from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StringConstraints


class TicketIn(BaseModel):
    title: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class TicketOut(BaseModel):
    id: int
    title: str
    status: Literal["open", "closed"]


class ErrorOut(BaseModel):
    error: str


class TicketNotFound(Exception):
    pass


router = APIRouter(prefix="/tickets", tags=["tickets"])
store: list[TicketOut] = []


@router.post("", status_code=201, summary="Open a ticket", operation_id="open_ticket")
def open_ticket(ticket: TicketIn) -> TicketOut:
    created = TicketOut(id=len(store) + 1, title=ticket.title, status="open")
    store.append(created)
    return created


@router.get(
    "/{ticket_id}",
    summary="Read a ticket",
    operation_id="read_ticket",
    responses={404: {"model": ErrorOut}},
)
def read_ticket(ticket_id: int) -> TicketOut:
    if not 1 <= ticket_id <= len(store):
        raise TicketNotFound
    return store[ticket_id - 1]


app = FastAPI(title="Tickets API", version="1.2.0")
app.include_router(router)


@app.exception_handler(TicketNotFound)
def not_found(request: Request, error: TicketNotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content={"error": "ticket not found"})
