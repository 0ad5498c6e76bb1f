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
    rows: int = Field(strict=True, ge=1, lt=10000)


@app.post("/signups", status_code=202)
def signup(req: SignupIn, background_tasks: BackgroundTasks):
    if req.email in signed_up:
        raise HTTPException(status_code=409, detail="this email has already signed up")
    signed_up.add(req.email)
    background_tasks.add_task(send_email, req.email, "Welcome!")
    return {"email": req.email, "status": "accepted"}


@app.post("/exports", status_code=202)
def create_export(req: ExportIn, background_tasks: BackgroundTasks, response: Response):
    job_id = len(JOBS) + 1
    JOBS[job_id] = {"id": job_id, "status": "pending", "rows": req.rows}
    background_tasks.add_task(build_export, job_id, req.rows)
    response.headers["Location"] = f"/exports/{job_id}"
    return dict(JOBS[job_id])


@app.get("/exports/{job_id}")
def get_export(job_id: int):
    if job_id not in JOBS:
        raise HTTPException(status_code=404, detail="export not found")
    return JOBS[job_id]
