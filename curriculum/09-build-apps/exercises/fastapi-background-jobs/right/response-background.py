from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictInt, StringConstraints, field_validator
from starlette.background import BackgroundTask

OUTBOX = []
JOBS = {}


def send_email(to, subject):
    OUTBOX.append({"to": to, "subject": subject})


def build_export(job_id, rows):
    JOBS[job_id].update(status="done", file=f"export-{job_id}.csv")


Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")]


class Signup(BaseModel):
    email: Email


class Export(BaseModel):
    rows: StrictInt

    @field_validator("rows")
    @classmethod
    def in_range(cls, rows):
        if rows < 1 or rows > 10_000:
            raise ValueError("rows must be 1..10000")
        return rows


router = APIRouter()
welcomed: list[str] = []


@router.post("/signups")
def signup(body: Signup):
    if body.email in welcomed:
        raise HTTPException(status.HTTP_409_CONFLICT, "already signed up")
    welcomed.append(body.email)
    return JSONResponse(
        {"email": body.email, "status": "accepted"},
        status_code=status.HTTP_202_ACCEPTED,
        background=BackgroundTask(send_email, body.email, "Welcome!"),
    )


@router.post("/exports")
def export(body: Export):
    job_id = max(JOBS, default=0) + 1
    JOBS[job_id] = {"id": job_id, "status": "pending", "rows": body.rows}
    return JSONResponse(
        {"id": job_id, "status": "pending", "rows": body.rows},
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/exports/{job_id}"},
        background=BackgroundTask(build_export, job_id, body.rows),
    )


@router.get("/exports/{job_id}")
def export_status(job_id: int):
    try:
        return JOBS[job_id]
    except KeyError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such export") from None


app = FastAPI()
app.include_router(router)
