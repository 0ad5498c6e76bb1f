"""API shapes for mentoring: comments, help requests, solution groups, similarity."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from pyroad.db import MAX_ID
from pyroad.teaching.mentoring import (
    MAX_COMMENT_CHARS,
    MAX_HELP_CHARS,
    CommentView,
    QueueItem,
    Solution,
)
from pyroad.teaching.mentoring_models import HelpRequest
from pyroad.teaching.similarity import FLAG_AT, MAX_TOKENS, Pair, Report, SideBySide

# Limits are checked by the service (with a precise message); the schema documents them.


class CommentIn(BaseModel):
    line: int | None = Field(
        None, ge=1, le=MAX_ID, description="1-based line of the submission; null: all of it."
    )
    body: str = Field(
        max_length=MAX_COMMENT_CHARS * 2,
        description=f"Markdown (no raw HTML), at most {MAX_COMMENT_CHARS} characters.",
    )


class GroupCommentIn(BaseModel):
    body: str = Field(
        max_length=MAX_COMMENT_CHARS * 2,
        description=f"Markdown (no raw HTML), at most {MAX_COMMENT_CHARS} characters.",
    )


class CommentOut(BaseModel):
    id: int
    submission_id: int
    exercise: str
    line: int | None
    body: str = Field(description="The Markdown as written.")
    body_html: str = Field(description="Rendered and sanitised: safe to insert in a page.")
    author: str
    created_at: datetime
    read_at: datetime | None
    shape: str | None = Field(description="Set when sent to a group of same-shaped solutions.")

    @classmethod
    def of(cls, view: CommentView) -> CommentOut:
        c = view.comment
        return cls(
            id=c.id,
            submission_id=c.submission_id,
            exercise=view.exercise_slug,
            line=c.line,
            body=c.body,
            body_html=c.body_html,
            author=view.author_name,
            created_at=c.created_at,
            read_at=c.read_at,
            shape=c.shape,
        )


class CommentsOut(BaseModel):
    can_comment: bool = Field(description="Whether the caller may comment (staff, not owner).")
    lines: int
    comments: list[CommentOut]


class UnreadOut(BaseModel):
    unread: int


class MarkedOut(BaseModel):
    marked: int


class HelpIn(BaseModel):
    message: str = Field(
        max_length=MAX_HELP_CHARS * 2,
        description=f"What you tried and where you are stuck; at most {MAX_HELP_CHARS} chars.",
    )
    submission_id: int | None = Field(None, ge=1, le=MAX_ID)


class HelpOut(BaseModel):
    id: int
    exercise: str
    message: str
    submission_id: int | None
    status: str  # open | resolved | withdrawn
    created_at: datetime
    resolved_at: datetime | None

    @classmethod
    def of(cls, request: HelpRequest) -> HelpOut:
        return cls(
            id=request.id,
            exercise=request.exercise_slug,
            message=request.message,
            submission_id=request.submission_id,
            status=request.status.value,
            created_at=request.created_at,
            resolved_at=request.resolved_at,
        )


class OpenHelpOut(BaseModel):
    can_ask: bool = Field(description="Whether you are a learner in a cohort (has mentors).")
    request: HelpOut | None


class QueueItemOut(HelpOut):
    learner_id: int
    learner: str
    latest_submission_id: int | None

    @classmethod
    def of_item(cls, item: QueueItem) -> QueueItemOut:
        return cls(
            **HelpOut.of(item.request).model_dump(),
            learner_id=item.request.user_id,
            learner=item.learner_name,
            latest_submission_id=item.latest_submission_id,
        )


class MemberOut(BaseModel):
    submission_id: int
    learner_id: int
    learner: str
    verdict: str | None

    @classmethod
    def of(cls, solution: Solution) -> MemberOut:
        return cls(
            submission_id=solution.submission_id,
            learner_id=solution.user_id,
            learner=solution.learner_name,
            verdict=solution.verdict,
        )


class GroupOut(BaseModel):
    shape: str | None = Field(description="Shape key; null: code that does not parse (alone).")
    size: int
    members: list[MemberOut]


class SentOut(BaseModel):
    sent: int
    comment_ids: list[int]


SIMILARITY_NOTE = (
    "Similar code is not evidence of copying: short exercises have few natural solutions, "
    "and learners may have worked through them together. Starter code is ignored. "
    "Use this to start a conversation, never as a verdict."
)


class PairOut(BaseModel):
    a: MemberOut
    b: MemberOut
    shared: int = Field(description="Fingerprints the two share.")
    a_in_b: float = Field(description="Share of a's fingerprints also in b (0..1).")
    b_in_a: float
    score: float
    worth_a_look: bool = Field(description=f"score ≥ {FLAG_AT}: worth a conversation.")

    @classmethod
    def of(cls, pair: Pair[Solution]) -> PairOut:
        return cls(
            a=MemberOut.of(pair.a),
            b=MemberOut.of(pair.b),
            shared=pair.shared,
            a_in_b=round(pair.a_in_b, 3),
            b_in_a=round(pair.b_in_a, 3),
            score=round(pair.score, 3),
            worth_a_look=pair.flagged,
        )


class ReportOut(BaseModel):
    compared: int
    pairs: list[PairOut]
    truncated: list[int] = Field(
        description=f"Submission ids compared on their first {MAX_TOKENS} tokens only."
    )
    note: str = SIMILARITY_NOTE

    @classmethod
    def of(cls, report: Report[Solution]) -> ReportOut:
        return cls(
            compared=report.compared,
            pairs=[PairOut.of(pair) for pair in report.pairs],
            truncated=[s.submission_id for s in report.truncated],
        )


class SideOut(BaseModel):
    solution: MemberOut
    code: str
    matching_lines: list[tuple[int, int]] = Field(description="1-based first..last, merged.")


class SideBySideOut(BaseModel):
    left: SideOut
    right: SideOut
    shared: int
    truncated: bool
    note: str = SIMILARITY_NOTE

    @classmethod
    def of(cls, left: Solution, right: Solution, view: SideBySide) -> SideBySideOut:
        return cls(
            left=SideOut(solution=MemberOut.of(left), code=left.code, matching_lines=view.left),
            right=SideOut(solution=MemberOut.of(right), code=right.code, matching_lines=view.right),
            shared=view.shared,
            truncated=view.truncated,
        )
