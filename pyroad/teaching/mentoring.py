"""Mentoring: line comments on submissions, help requests and the mentor queue, comments to a
group of same-shaped solutions, and the similarity report — each checked through
pyroad.teaching.access (staff of the learner's cohort, or an admin).

Someone who may not see a submission or a cohort gets the same 404 as for a missing one, so
ids cannot be probed; a learner acting on their own work where only staff may gets a 403
saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pyroad.accounts.models import Role, User
from pyroad.curriculum.model import Catalog
from pyroad.db import utcnow
from pyroad.errors import Conflict, Forbidden, InvalidInput, NotFound
from pyroad.submissions.models import Submission
from pyroad.teaching import derived, shapes, similarity
from pyroad.teaching.access import can_view_learner, require_cohort_staff
from pyroad.teaching.mentoring_models import Comment, HelpRequest, HelpStatus
from pyroad.teaching.models import CohortMember, CohortRole

MAX_COMMENT_CHARS = 5000
MAX_HELP_CHARS = 2000
FEEDBACK_PAGE = 50  # comments listed on the learner's feedback page

# Comments are Markdown without raw HTML (markdown-it escapes it), then sanitised by nh3
# all the same: what reaches a learner's page can hold no script, style, event handler or
# javascript: link, whatever a mentor (or a stolen mentor account) types.
_COMMENT_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote",
}  # fmt: skip
_COMMENT_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})


@lru_cache(maxsize=256)
def render_comment(body: str) -> str:
    """Markdown → sanitised HTML, safe to put in a page as it is."""
    html = _MARKDOWN.render(body)
    return nh3.clean(
        html,
        tags=_COMMENT_TAGS,
        attributes=_COMMENT_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def _text(value: str, limit: int, what: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"the {what} is empty; write something first")
    if len(text) > limit:
        raise InvalidInput(f"the {what} is {len(text)} characters; the limit is {limit}")
    if "\x00" in text:
        raise InvalidInput(f"the {what} contains a NUL character")
    return text


def line_count(code: str) -> int:
    return max(1, len(code.splitlines()))


# ---- comments ---------------------------------------------------------------------------


def _staff_submission(session: Session, staff: User, submission_id: int) -> Submission:
    """A submission the user may comment on: 404 unless staff of its learner's cohort."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"no submission with id {submission_id}")
    if submission.user_id == staff.id:
        raise Forbidden("comments are written by your mentor or teacher, not on your own work")
    if not can_view_learner(session, staff, submission.user_id):
        raise NotFound(f"no submission with id {submission_id}")
    return submission


def add_comment(
    session: Session, author: User, submission_id: int, line: int | None, body: str
) -> Comment:
    """Comment on a line of a submission (``line`` None: on the whole of it)."""
    submission = _staff_submission(session, author, submission_id)
    text = _text(body, MAX_COMMENT_CHARS, "comment")
    lines = line_count(submission.code)
    if line is not None and not 1 <= line <= lines:
        raise InvalidInput(f"line {line} is outside the submission, which has lines 1–{lines}")
    comment = Comment(
        submission_id=submission.id,
        learner_id=submission.user_id,
        author_id=author.id,
        line=line,
        body=text,
        body_html=render_comment(text),
    )
    session.add(comment)
    session.flush()
    return comment


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author_name: str
    exercise_slug: str


def comments_on(session: Session, user: User, submission_id: int) -> list[CommentView]:
    """A submission's comments, oldest first, for its learner or the learner's staff."""
    submission = session.get(Submission, submission_id)
    if submission is None or (
        submission.user_id != user.id and not can_view_learner(session, user, submission.user_id)
    ):
        raise NotFound(f"no submission with id {submission_id}")
    rows = session.execute(
        select(Comment, User.display_name)
        .join(User, User.id == Comment.author_id)
        .where(Comment.submission_id == submission_id)
        .order_by(Comment.id)
    ).all()
    return [CommentView(c, name, submission.exercise_slug) for c, name in rows]


def submission_code(session: Session, submission_id: int) -> str:
    submission = session.get(Submission, submission_id)
    return submission.code if submission is not None else ""


def comment_view(session: Session, comment: Comment) -> CommentView:
    author = session.get(User, comment.author_id)
    submission = session.get(Submission, comment.submission_id)
    return CommentView(
        comment,
        author.display_name if author else "",
        submission.exercise_slug if submission else "",
    )


def require_own_submission(session: Session, learner: User, submission_id: int) -> Submission:
    """The learner's own submission (anyone else's, or none: 404)."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.user_id != learner.id:
        raise NotFound(f"no submission with id {submission_id} of yours")
    return submission


def may_comment(session: Session, user: User, submission_id: int) -> bool:
    submission = session.get(Submission, submission_id)
    return (
        submission is not None
        and submission.user_id != user.id
        and can_view_learner(session, user, submission.user_id)
    )


def mark_read(session: Session, learner: User, submission_id: int) -> int:
    """The learner has seen this submission's comments; returns how many were unread.

    Only the learner's own reading counts: a mentor opening the page changes nothing.
    """
    result = session.execute(
        update(Comment)
        .where(
            Comment.submission_id == submission_id,
            Comment.learner_id == learner.id,
            Comment.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def unread_count(session: Session, learner: User) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.learner_id == learner.id, Comment.read_at.is_(None))
        )
        or 0
    )


def received(session: Session, learner: User, limit: int = FEEDBACK_PAGE) -> list[CommentView]:
    """Comments on the learner's submissions, newest first (the feedback page)."""
    rows = session.execute(
        select(Comment, User.display_name, Submission.exercise_slug)
        .join(User, User.id == Comment.author_id)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(Comment.learner_id == learner.id)
        .order_by(Comment.id.desc())
        .limit(limit)
    ).all()
    return [CommentView(c, name, slug) for c, name, slug in rows]


def delete_comment(session: Session, user: User, comment_id: int) -> None:
    """Its author may take a comment back (an admin too); others get a 404."""
    comment = session.get(Comment, comment_id)
    if comment is None or not can_view_learner(session, user, comment.learner_id):
        raise NotFound(f"no comment with id {comment_id}")
    if comment.author_id != user.id and user.role != Role.ADMIN:
        raise Forbidden("only the comment's author may delete it")
    session.delete(comment)


# ---- help requests ----------------------------------------------------------------------


def _learner_cohorts(session: Session, user_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CohortMember.cohort_id).where(
                CohortMember.user_id == user_id, CohortMember.role == CohortRole.LEARNER
            )
        )
    )


def can_ask_for_help(session: Session, learner: User) -> bool:
    """A learner in at least one cohort has mentors to ask."""
    return bool(_learner_cohorts(session, learner.id))


def open_request(session: Session, learner: User, slug: str) -> HelpRequest | None:
    return session.scalar(
        select(HelpRequest).where(
            HelpRequest.user_id == learner.id,
            HelpRequest.exercise_slug == slug,
            HelpRequest.status == HelpStatus.OPEN,
        )
    )


def ask_for_help(
    session: Session,
    catalog: Catalog,
    learner: User,
    slug: str,
    message: str,
    submission_id: int | None = None,
) -> HelpRequest:
    """Put the learner in the mentor queue of each of their cohorts for this exercise.

    Asking again while a request is open updates it (one place in the queue, not two).
    """
    catalog.require_exercise(slug)
    text = _text(message, MAX_HELP_CHARS, "message")
    if not _learner_cohorts(session, learner.id):
        raise Conflict(
            "you are not in a class yet, so there is no mentor to ask: join one with your "
            "teacher's invite link (the hints and lessons are there meanwhile)"
        )
    if submission_id is not None:
        submission = session.get(Submission, submission_id)
        if submission is None or submission.user_id != learner.id:
            raise NotFound(f"no submission with id {submission_id}")
        if submission.exercise_slug != slug:
            raise InvalidInput(f"submission {submission_id} is for another exercise than {slug}")
    request = open_request(session, learner, slug)
    if request is None:
        request = HelpRequest(user_id=learner.id, exercise_slug=slug, message=text)
        session.add(request)
    request.message = text
    request.submission_id = submission_id
    session.flush()
    return request


def withdraw(session: Session, learner: User, request_id: int) -> HelpRequest:
    request = session.get(HelpRequest, request_id)
    if request is None or request.user_id != learner.id:
        raise NotFound(f"no help request with id {request_id}")
    if request.status == HelpStatus.OPEN:
        request.status = HelpStatus.WITHDRAWN
        request.resolved_at = utcnow()
    return request


@dataclass(frozen=True)
class QueueItem:
    request: HelpRequest
    learner_name: str
    latest_submission_id: int | None


def mentor_queue(
    session: Session, staff: User, cohort_id: int, status: HelpStatus = HelpStatus.OPEN
) -> list[QueueItem]:
    """The cohort's learners' help requests, oldest first (who has waited longest)."""
    require_cohort_staff(session, staff, cohort_id)
    rows = session.execute(
        select(HelpRequest, User.display_name)
        .join(User, User.id == HelpRequest.user_id)
        .join(
            CohortMember,
            (CohortMember.user_id == HelpRequest.user_id)
            & (CohortMember.cohort_id == cohort_id)
            & (CohortMember.role == CohortRole.LEARNER),
        )
        .where(HelpRequest.status == status)
        .order_by(HelpRequest.created_at, HelpRequest.id)
    ).all()
    latest = _latest_ids(session, {(r.user_id, r.exercise_slug) for r, _ in rows})
    return [
        QueueItem(r, name, r.submission_id or latest.get((r.user_id, r.exercise_slug)))
        for r, name in rows
    ]


def _latest_ids(session: Session, keys: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The newest submission id per (learner, exercise), in one grouped query."""
    if not keys:
        return {}
    rows = session.execute(
        select(Submission.user_id, Submission.exercise_slug, func.max(Submission.id))
        .where(
            Submission.user_id.in_({user for user, _ in keys}),
            Submission.exercise_slug.in_({slug for _, slug in keys}),
        )
        .group_by(Submission.user_id, Submission.exercise_slug)
    ).all()
    return {(user, slug): latest for user, slug, latest in rows if (user, slug) in keys}


def resolve(session: Session, staff: User, cohort_id: int, request_id: int) -> HelpRequest:
    """Take a request off the queue (answered, or the learner got unstuck)."""
    require_cohort_staff(session, staff, cohort_id)
    request = session.get(HelpRequest, request_id)
    if request is None or cohort_id not in _learner_cohorts(session, request.user_id):
        raise NotFound(f"no help request with id {request_id} in cohort {cohort_id}")
    if request.status == HelpStatus.OPEN:
        request.status = HelpStatus.RESOLVED
        request.resolved_at = utcnow()
        request.resolved_by = staff.id
    return request


# ---- equivalent solutions and similarity ------------------------------------------------


@dataclass(frozen=True)
class Solution:
    """A learner's latest submission of one exercise."""

    submission_id: int
    user_id: int
    learner_name: str
    code: str
    verdict: str | None


def latest_solutions(session: Session, cohort_id: int, slug: str) -> list[Solution]:
    """Each of the cohort's learners' newest submission of the exercise (one query)."""
    newest = (
        select(func.max(Submission.id).label("id"))
        .join(
            CohortMember,
            (CohortMember.user_id == Submission.user_id)
            & (CohortMember.cohort_id == cohort_id)
            & (CohortMember.role == CohortRole.LEARNER),
        )
        .where(Submission.exercise_slug == slug)
        .group_by(Submission.user_id)
        .subquery()
    )
    rows = session.execute(
        select(Submission, User.display_name)
        .join(newest, newest.c.id == Submission.id)
        .join(User, User.id == Submission.user_id)
        .order_by(Submission.id)
    ).all()
    return [Solution(s.id, s.user_id, name, s.code, s.verdict) for s, name in rows]


def solution_groups(
    session: Session, staff: User, catalog: Catalog, cohort_id: int, slug: str
) -> list[shapes.Group[Solution]]:
    """The cohort's latest solutions grouped by shape, largest group first."""
    require_cohort_staff(session, staff, cohort_id)
    catalog.require_exercise(slug)
    solutions = latest_solutions(session, cohort_id, slug)
    return shapes.group_keys((s, derived.shape_of(s.submission_id, s.code)) for s in solutions)


def comment_group(
    session: Session,
    staff: User,
    catalog: Catalog,
    cohort_id: int,
    slug: str,
    shape: str,
    body: str,
) -> list[Comment]:
    """One comment (on the whole solution) to every learner whose latest solution has
    this shape. Line numbers differ between same-shaped solutions, so none is given."""
    groups = solution_groups(session, staff, catalog, cohort_id, slug)
    found = next((g for g in groups if g.key == shape), None)
    if found is None:
        raise NotFound(f"no group of solutions with shape {shape!r} for {slug} in this cohort")
    text = _text(body, MAX_COMMENT_CHARS, "comment")
    html = render_comment(text)
    comments = [
        Comment(
            submission_id=member.submission_id,
            learner_id=member.user_id,
            author_id=staff.id,
            line=None,
            body=text,
            body_html=html,
            shape=shape,
        )
        for member in found.members
    ]
    session.add_all(comments)
    session.flush()
    return comments


def similarity_report(
    session: Session, staff: User, catalog: Catalog, cohort_id: int, slug: str
) -> tuple[similarity.Report[Solution], list[Solution]]:
    """Pairs of the cohort's latest solutions that share much code (starter code ignored)."""
    require_cohort_staff(session, staff, cohort_id)
    exercise = catalog.require_exercise(slug)
    solutions = latest_solutions(session, cohort_id, slug)
    by_id = {s.submission_id: s for s in solutions}
    found = similarity.report_of(
        [derived.fingerprint_of(s.submission_id, s.code, exercise.starter) for s in solutions]
    )
    return similarity.Report(
        pairs=[
            similarity.Pair(by_id[p.a], by_id[p.b], p.shared, p.a_in_b, p.b_in_a)
            for p in found.pairs
        ],
        compared=found.compared,
        truncated=[by_id[key] for key in found.truncated],
        ignored_common=found.ignored_common,
    ), solutions


def compare(
    session: Session, staff: User, catalog: Catalog, cohort_id: int, slug: str, a: int, b: int
) -> tuple[Solution, Solution, similarity.SideBySide]:
    """Two submissions of the exercise by learners of the cohort, side by side."""
    require_cohort_staff(session, staff, cohort_id)
    exercise = catalog.require_exercise(slug)
    found = {}
    for submission_id in (a, b):
        row = session.execute(
            select(Submission, User.display_name)
            .join(User, User.id == Submission.user_id)
            .join(
                CohortMember,
                (CohortMember.user_id == Submission.user_id)
                & (CohortMember.cohort_id == cohort_id)
                & (CohortMember.role == CohortRole.LEARNER),
            )
            .where(Submission.id == submission_id, Submission.exercise_slug == slug)
        ).first()
        if row is None:
            raise NotFound(f"no submission with id {submission_id} of {slug} in this cohort")
        s, name = row
        found[submission_id] = Solution(s.id, s.user_id, name, s.code, s.verdict)
    left, right = found[a], found[b]
    view = similarity.side_by_side(left.code, right.code, starter=exercise.starter)
    return left, right, view
