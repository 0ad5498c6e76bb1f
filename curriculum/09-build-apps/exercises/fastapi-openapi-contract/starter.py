from fastapi import FastAPI

app = FastAPI()

TICKETS = {}


@app.post("/tickets")
def open_ticket(ticket: dict):
    ticket_id = len(TICKETS) + 1
    TICKETS[ticket_id] = {"id": ticket_id, "title": ticket["title"], "status": "open"}
    return TICKETS[ticket_id]
