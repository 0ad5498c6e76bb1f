"""API shapes for submissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from pyroad.curriculum.schemas import NextOut


class SubmissionIn(BaseModel):
    code: str = Field(description="The learner's code; at most 64 KiB of UTF-8.")


class TestResultOut(BaseModel):
    name: str
    status: str  # passed | failed | error | not-run
    message: str
    stdout: str
    traceback: str
    hidden: bool = False  # a hidden test: only the rule it checks is shown, never its data
    shows: str = ""  # what the test did, in the learner's terms (Markdown); "" when hidden
    diff: dict[str, Any] | None = None  # two texts: {"expected", "got", "at": first difference}


class SubmissionAccepted(BaseModel):
    id: int
    status: str
    url: str


class SubmissionOut(BaseModel):
    id: int
    exercise: str
    attempt: int = Field(description="This learner's n-th submission on this exercise.")
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
    next_exercise: str | None = None  # kept for older clients; `next` follows lessons too
    next: NextOut | None = Field(
        None,
        description="After a pass: the learner's next item on the path (a lesson not read yet, "
        "or the next unsolved exercise), with why, as on the roadmap's `next`.",
    )
