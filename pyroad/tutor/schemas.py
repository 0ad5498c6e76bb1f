"""API shapes of the tutor."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class QuestionIn(BaseModel):
    # The limits are published in the schema but checked by the service, whose 422s say
    # what is wrong in words ("the question is empty", "… 2,001 characters long …").
    question: str = Field(
        description="What to ask, at most 2,000 characters (e.g. “why does this fail?”).",
        json_schema_extra={"minLength": 1, "maxLength": 2000, "pattern": "^[^\\x00]*\\S[^\\x00]*$"},
    )
    exercise: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[a-z0-9-]+$",
        description="The exercise asked about; its latest submission is read for the failure.",
    )
    submission_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="A submission of yours to explain (optional)."
    )
    code: str = Field(
        "",
        description="Your current code (the editor's), if not yet submitted; ≤ 64 KiB.",
        json_schema_extra={"pattern": "^[^\\x00]*$"},
    )


class SectionOut(BaseModel):
    lesson: str
    title: str
    url: str = Field(description="The lesson page, anchored at the section.")
    excerpt: str


class FailingTestOut(BaseModel):
    name: str
    hidden: bool
    rule: str = Field(description="What the test checks (never a hidden test's data).")


class NextHintOut(BaseModel):
    number: int
    total: int


class AnswerOut(BaseModel):
    id: int
    exercise: str | None
    submission_id: int | None
    question: str
    answer: str = Field(description="Markdown.")
    source: str = Field(description="offline, or llm when the model's answer passed the check.")
    fallback: str = Field(
        "", description="Why the model's answer is not shown (time-out, withheld), else empty."
    )
    refused: bool = Field(
        False,
        description="The question asked for hidden tests or a solution, which are never given.",
    )
    sections: list[SectionOut]
    failing_test: FailingTestOut | None = None
    next_hint: NextHintOut | None = None
    created_at: datetime
