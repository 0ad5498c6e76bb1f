from fastapi import BackgroundTasks, FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

app = FastAPI()

OUTBOX = []  # e-mails that were sent: {"to": …, "subject": …}
JOBS = {}  # export id -> job dict
signed_up = set()


def send_email(to, subject):
    """Pretend to talk to a slow mail server."""
    OUTBOX.append({"to": to, "subject": subject})


def build_export(job_id, rows):
    """Pretend to build a big CSV file, then mark the job done."""
    JOBS[job_id].update(status="done", file=f"export-{job_id}.csv")


class SignupIn(BaseModel):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class ExportIn(BaseModel):
    rows: int = Field(ge=1, le=10000)


@app.post("/signups")
def signup(req: SignupIn):
    send_email(req.email, "Welcome!")  # makes the client wait for the mail server!
    signed_up.add(req.email)
    return {"email": req.email, "status": "accepted"}


# Still to do: POST /exports and GET /exports/{job_id}
