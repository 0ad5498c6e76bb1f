"""Mentoring API: line comments, feedback for learners, help requests and the mentor queue,
equivalent-solution groups and the similarity report. Thin: pyroad.teaching.mentoring
decides who may do what."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from pyroad.teaching import mentoring
from pyroad.teaching.mentoring_models import HelpStatus
from pyroad.teaching.mentoring_schemas import (
    CommentIn,
    CommentOut,
    CommentsOut,
    GroupCommentIn,
    GroupOut,
    HelpIn,
    HelpOut,
    MarkedOut,
    MemberOut,
    OpenHelpOut,
    QueueItemOut,
    ReportOut,
    SentOut,
    SideBySideOut,
    UnreadOut,
)
from pyroad.web.deps import CatalogDep, CurrentUser, RowId, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["mentoring"])

Slug = Annotated[str, Path(max_length=100, pattern=r"^[a-z0-9-]+$")]
Shape = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="A group's shape key.")]
STAFF = problem_responses(401, 403, 404, 422)


@router.get(
    "/submissions/{submission_id}/comments",
    response_model=CommentsOut,
    responses=problem_responses(401, 404, 422),
)
def list_comments(submission_id: RowId, user: CurrentUser, session: SessionDep) -> CommentsOut:
    """The comments on a submission, oldest first: for its learner and the learner's
    mentors and teachers (anyone else: 404)."""
    views = mentoring.comments_on(session, user, submission_id)
    submission_code = mentoring.submission_code(session, submission_id)
    return CommentsOut(
        can_comment=mentoring.may_comment(session, user, submission_id),
        lines=mentoring.line_count(submission_code),
        comments=[CommentOut.of(view) for view in views],
    )


@router.post(
    "/submissions/{submission_id}/comments",
    status_code=201,
    response_model=CommentOut,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def add_comment(
    submission_id: RowId, body: CommentIn, user: CurrentUser, session: SessionDep
) -> CommentOut:
    """Comment on one line (or, with `line` null, on all) of a learner's submission.

    Only the learner's mentors and teachers (and admins) may; Markdown without raw HTML,
    sanitised before it is stored. The learner sees an unread count until they open it.
    """
    comment = mentoring.add_comment(session, user, submission_id, body.line, body.body)
    session.commit()
    view = mentoring.comment_view(session, comment)
    return CommentOut.of(view)


@router.post(
    "/submissions/{submission_id}/comments/read",
    response_model=MarkedOut,
    responses=problem_responses(401, 404, 422),
)
def mark_read(submission_id: RowId, user: CurrentUser, session: SessionDep) -> MarkedOut:
    """The learner has read this submission's comments (their unread count drops)."""
    mentoring.require_own_submission(session, user, submission_id)
    marked = mentoring.mark_read(session, user, submission_id)
    session.commit()
    return MarkedOut(marked=marked)


@router.delete(
    "/comments/{comment_id}", status_code=204, responses=problem_responses(401, 403, 404, 422)
)
def delete_comment(comment_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    """Take a comment back (its author, or an admin)."""
    mentoring.delete_comment(session, user, comment_id)
    session.commit()
    return Response(status_code=204)


@router.get("/feedback", response_model=list[CommentOut], responses=problem_responses(401))
def feedback(user: CurrentUser, session: SessionDep) -> list[CommentOut]:
    """Comments on your submissions, newest first."""
    return [CommentOut.of(view) for view in mentoring.received(session, user)]


@router.get("/feedback/unread", response_model=UnreadOut, responses=problem_responses(401))
def unread(user: CurrentUser, session: SessionDep) -> UnreadOut:
    """How many comments on your submissions you have not opened yet."""
    return UnreadOut(unread=mentoring.unread_count(session, user))


@router.post(
    "/exercises/{slug}/help",
    status_code=201,
    response_model=HelpOut,
    responses=problem_responses(400, 401, 404, 409, 422),
)
def ask_for_help(
    slug: Slug, body: HelpIn, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> HelpOut:
    """Ask your cohort's mentors for help with an exercise (one open request per exercise:
    asking again updates it). 409 when you are in no cohort."""
    request = mentoring.ask_for_help(session, catalog, user, slug, body.message, body.submission_id)
    session.commit()
    return HelpOut.of(request)


@router.get(
    "/exercises/{slug}/help", response_model=OpenHelpOut, responses=problem_responses(401, 404, 422)
)
def open_help(
    slug: Slug, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> OpenHelpOut:
    """Your open help request on this exercise, if any."""
    catalog.require_exercise(slug)
    request = mentoring.open_request(session, user, slug)
    return OpenHelpOut(
        can_ask=mentoring.can_ask_for_help(session, user),
        request=HelpOut.of(request) if request else None,
    )


@router.post(
    "/help/{request_id}/withdraw",
    response_model=HelpOut,
    responses=problem_responses(401, 404, 422),
)
def withdraw(request_id: RowId, user: CurrentUser, session: SessionDep) -> HelpOut:
    """You no longer need help: the request leaves the mentor queue."""
    request = mentoring.withdraw(session, user, request_id)
    session.commit()
    return HelpOut.of(request)


@router.get("/cohorts/{cohort_id}/help", response_model=list[QueueItemOut], responses=STAFF)
def mentor_queue(
    cohort_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    status: Annotated[HelpStatus, Query()] = HelpStatus.OPEN,
) -> list[QueueItemOut]:
    """The mentor queue: the cohort's learners who asked for help, longest waiting first."""
    items = mentoring.mentor_queue(session, user, cohort_id, status)
    return [QueueItemOut.of_item(item) for item in items]


@router.post(
    "/cohorts/{cohort_id}/help/{request_id}/resolve", response_model=HelpOut, responses=STAFF
)
def resolve(cohort_id: RowId, request_id: RowId, user: CurrentUser, session: SessionDep) -> HelpOut:
    """Take a learner's request off the queue."""
    request = mentoring.resolve(session, user, cohort_id, request_id)
    session.commit()
    return HelpOut.of(request)


@router.get(
    "/cohorts/{cohort_id}/exercises/{slug}/groups", response_model=list[GroupOut], responses=STAFF
)
def groups(
    cohort_id: RowId, slug: Slug, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> list[GroupOut]:
    """The cohort's latest solutions grouped by shape (same normalised AST: same program
    up to names, literals, docstrings, comments and type hints), largest group first."""
    found = mentoring.solution_groups(session, user, catalog, cohort_id, slug)
    return [
        GroupOut(
            shape=group.key,
            size=len(group.members),
            members=[MemberOut.of(member) for member in group.members],
        )
        for group in found
    ]


@router.post(
    "/cohorts/{cohort_id}/exercises/{slug}/groups/{shape}/comments",
    status_code=201,
    response_model=SentOut,
    responses=STAFF,
)
def comment_group(
    cohort_id: RowId,
    slug: Slug,
    shape: Shape,
    body: GroupCommentIn,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> SentOut:
    """Send one comment to every learner in a group (on each one's latest solution)."""
    comments = mentoring.comment_group(session, user, catalog, cohort_id, slug, shape, body.body)
    session.commit()
    return SentOut(sent=len(comments), comment_ids=[c.id for c in comments])


@router.get(
    "/cohorts/{cohort_id}/exercises/{slug}/similarity", response_model=ReportOut, responses=STAFF
)
def similarity(
    cohort_id: RowId, slug: Slug, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> ReportOut:
    """Pairs of the cohort's latest solutions that share unusually much code, most similar
    first. A flag for a conversation, never a verdict: see `note`."""
    report, _ = mentoring.similarity_report(session, user, catalog, cohort_id, slug)
    return ReportOut.of(report)


@router.get(
    "/cohorts/{cohort_id}/exercises/{slug}/similarity/{a}/{b}",
    response_model=SideBySideOut,
    responses=STAFF,
)
def side_by_side(
    cohort_id: RowId,
    slug: Slug,
    a: RowId,
    b: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> SideBySideOut:
    """Two solutions side by side with their matching line ranges."""
    left, right, view = mentoring.compare(session, user, catalog, cohort_id, slug, a, b)
    return SideBySideOut.of(left, right, view)
