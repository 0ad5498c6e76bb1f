"""API shapes for runs and the request console."""

from __future__ import annotations

from pydantic import BaseModel, Field

SLUG_PATTERN = r"^[a-z0-9-]+$"
MAX_STDIN = 65_536


class RunIn(BaseModel):
    code: str = Field(description="The program to run, as a file; at most 64 KiB of UTF-8.")
    stdin: str = Field("", max_length=MAX_STDIN, description="What `input()` reads, line by line.")
    exercise: str | None = Field(
        None,
        max_length=100,
        pattern=SLUG_PATTERN,
        description="Run under this exercise's limits; a git exercise's commands run on a "
        "fresh copy of its start repository.",
    )


class RunOut(BaseModel):
    status: str = Field(description="ok | error | timeout | memory | output-limit | crashed")
    stdout: str = Field(description="What the program printed (stdout and stderr, in order).")
    traceback: str = Field(description="The error's traceback, trimmed to your own lines.")
    explanation: str = Field(
        description="What the error means, in plain words (Markdown); for a file that only "
        "defines functions or an app and printed nothing, how to try them."
    )
    duration_ms: float
    reads_input: bool = Field(
        False, description="The code calls `input()` or reads `sys.stdin` (programs only)."
    )


class RequestIn(BaseModel):
    code: str = Field(description="The module defining your web app (`app`).")
    method: str = Field("GET", pattern=r"^[A-Za-z]{1,10}$")
    path: str = Field("/", min_length=1, max_length=2000, pattern=r"^/[^\s]*$")
    headers: dict[str, str] = Field(default_factory=dict, max_length=50)
    body: str = Field("", max_length=MAX_STDIN, description="Sent as JSON when it parses as JSON.")


class ResponseOut(BaseModel):
    status: int
    headers: dict[str, str]
    body: str


class RequestOut(RunOut):
    response: ResponseOut | None = Field(
        description="What your app answered; null when it answered nothing (it failed first)."
    )
