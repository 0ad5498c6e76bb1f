"""API shapes for cohorts, members, invites and assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from pyroad.teaching.models import CohortRole, InviteRole

NAME_PATTERN = r"^[^\u0000-\u001f\u007f]*$"
SLUG_PATTERN = r"^[a-z0-9-]+$"
CODE_PATTERN = r"^[A-Za-z0-9_-]+$"


class CohortIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, pattern=NAME_PATTERN, examples=["Class 3B"])


class CohortPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=120, pattern=NAME_PATTERN)
    archived: bool | None = Field(
        None, description="An archived cohort keeps its history; its invites stop working."
    )


class CohortOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    archived_at: datetime | None
    my_role: CohortRole | None = Field(description="Null for an admin outside the cohort.")
    learners: int


class MemberOut(BaseModel):
    user_id: int
    display_name: str
    email: str
    role: CohortRole
    joined_at: datetime


class StaffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, pattern=NAME_PATTERN, examples=["grace@example.com"])
    role: Literal["teacher", "mentor"]


class InviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: InviteRole = InviteRole.LEARNER
    days: int = Field(14, ge=1, le=365, description="How long the code works.")
    max_uses: int | None = Field(None, ge=1, le=10_000, description="Null: no limit.")


class InviteOut(BaseModel):
    id: int
    role: InviteRole
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    uses: int
    max_uses: int | None
    state: Literal["active", "revoked", "expired", "used up"]


class NewInviteOut(InviteOut):
    code: str = Field(description="Shown only now: the server keeps just its hash.")
    join_url: str


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)


class JoinedOut(BaseModel):
    cohort: CohortOut
    role: CohortRole
    already_member: bool


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise_slug: str | None = Field(None, max_length=100, pattern=SLUG_PATTERN)
    step: int | None = Field(None, ge=1, le=99)
    due_at: AwareDatetime | None = Field(
        None, description="Optional. Late work is accepted and marked late, never refused."
    )


class AssignmentPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_at: AwareDatetime | None = Field(description="The new due date, or null for none.")


class AssignmentOut(BaseModel):
    id: int
    cohort_id: int
    kind: Literal["exercise", "step"]
    exercise_slug: str | None
    step: int | None
    title: str
    url: str
    due_at: datetime | None
    created_at: datetime
    exercises: list[str] = Field(description="Slugs of the exercises it covers.")


class AssignedExerciseOut(BaseModel):
    slug: str
    title: str
    url: str
    solved: bool
    late: bool = Field(description="Solved after the due date, or still unsolved past it.")
    attempts: int
    passed_at: datetime | None


class AssignedOut(BaseModel):
    """One assignment as its learner stands with it."""

    id: int
    cohort_id: int
    cohort_name: str
    kind: Literal["exercise", "step"]
    title: str
    url: str
    due_at: datetime | None
    status: Literal["done", "done-late", "overdue", "due-soon", "open"]
    late: bool
    solved: int
    total: int
    exercises: list[AssignedExerciseOut]
