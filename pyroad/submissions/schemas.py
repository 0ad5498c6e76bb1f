"""API shapes for submissions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class SubmissionIn(BaseModel):
    code: str = Field(description="The learner's code; at most 64 KiB of UTF-8.")


class TestResultOut(BaseModel):
    name: str
    status: str  # passed | failed | error | not-run
    message: str
    stdout: str
    traceback: str
    hidden: bool = False  # a hidden test: only the rule it checks is shown, never its data


class SubmissionAccepted(BaseModel):
    id: int
    status: str
    url: str


class SubmissionOut(BaseModel):
    id: int
    exercise: str
    status: str  # queued | running | done
    verdict: str | None  # passed | failed | error | timeout | memory | output-limit | internal
    summary: str
    created_at: datetime
    finished_at: datetime | None
    duration_ms: float | None
    tests: list[TestResultOut] | None
    traceback: str = ""
    explanation: str = ""
    stdout: str = ""
    next_exercise: str | None = None
