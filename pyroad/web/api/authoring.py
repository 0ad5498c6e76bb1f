"""Authoring API: drafts, the gate, publishing, versions, zip upload (author role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Request, Response
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.authoring import services, upload
from pyroad.authoring.fields import ExerciseFields, from_files
from pyroad.authoring.models import ExerciseDraft, ExerciseVersion
from pyroad.authoring.schemas import (
    AuthoredOut,
    CheckOut,
    DraftOut,
    DraftRef,
    PreviewIn,
    PreviewOut,
    ProblemOut,
    PublishedOut,
    UploadOut,
    VersionOut,
)
from pyroad.curriculum.render import render_markdown
from pyroad.errors import NotFound
from pyroad.web.deps import CurrentUser, PlatformDep, RowId, SessionDep
from pyroad.web.errors import FieldError, problem_response, problem_responses

router = APIRouter(prefix="/authoring", tags=["authoring"])
Slug = Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=100)]


def draft_out(draft: ExerciseDraft) -> DraftOut:
    return DraftOut(
        id=draft.id,
        source_slug=draft.source_slug,
        base_version=draft.base_version,
        fields=ExerciseFields.model_validate(draft.fields),
        updated_at=draft.updated_at.isoformat(),
    )


def draft_ref(draft: ExerciseDraft) -> DraftRef:
    fields = ExerciseFields.model_validate(draft.fields)
    return DraftRef(
        id=draft.id,
        slug=fields.slug,
        title=fields.title,
        source_slug=draft.source_slug,
        base_version=draft.base_version,
        updated_at=draft.updated_at.isoformat(),
    )


def gate_failed(request: Request, error: services.GateFailed) -> Response:
    """422 problem+json; ``errors`` name the form field of each problem (line added)."""
    errors = [
        FieldError(
            field=problem["field"],
            message=problem["message"] + (f" (line {problem['line']})" if problem["line"] else ""),
        )
        for problem in error.problems
    ]
    return problem_response(request, 422, error.title, error.detail, errors)


@router.get("/drafts", response_model=list[DraftRef], responses=problem_responses(401, 403))
def list_drafts(user: CurrentUser, session: SessionDep) -> list[DraftRef]:
    """Your drafts (never visible to learners, nor to other authors)."""
    return [draft_ref(draft) for draft in services.list_drafts(session, user)]


@router.post(
    "/drafts",
    status_code=201,
    response_model=DraftOut,
    responses=problem_responses(401, 403, 422),
)
def create_draft(
    user: CurrentUser, session: SessionDep, body: Annotated[ExerciseFields | None, Body()] = None
) -> DraftOut:
    """A new exercise draft (the form's defaults unless fields are sent)."""
    draft = services.create_draft(session, user, body)
    session.commit()
    return draft_out(draft)


@router.post(
    "/exercises/{slug}/drafts",
    status_code=201,
    response_model=DraftOut,
    responses=problem_responses(401, 403, 404, 422),
)
def edit_published(slug: Slug, user: CurrentUser, session: SessionDep) -> DraftOut:
    """A draft holding the latest version of a published authored exercise."""
    draft = services.draft_from_published(session, user, slug)
    session.commit()
    return draft_out(draft)


@router.get(
    "/drafts/{draft_id}", response_model=DraftOut, responses=problem_responses(401, 403, 404)
)
def get_draft(draft_id: RowId, user: CurrentUser, session: SessionDep) -> DraftOut:
    return draft_out(services.get_draft(session, user, draft_id))


@router.put(
    "/drafts/{draft_id}",
    response_model=DraftOut,
    responses=problem_responses(401, 403, 404, 422),
)
def save_draft(
    draft_id: RowId, body: ExerciseFields, user: CurrentUser, session: SessionDep
) -> DraftOut:
    """Save the form as it is (no checks: that is what check and publish are for)."""
    draft = services.save_draft(session, user, draft_id, body)
    session.commit()
    return draft_out(draft)


@router.delete("/drafts/{draft_id}", status_code=204, responses=problem_responses(401, 403, 404))
def delete_draft(draft_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    services.delete_draft(session, user, draft_id)
    session.commit()
    return Response(status_code=204)


@router.post(
    "/drafts/{draft_id}/check",
    response_model=CheckOut,
    responses=problem_responses(401, 403, 404, 429),
)
def check_draft(
    draft_id: RowId, user: CurrentUser, session: SessionDep, platform: PlatformDep
) -> CheckOut:
    """Run the gate of `pyroad curriculum check` (mutation gate included) on the draft;
    each problem names the form field it belongs to."""
    draft = services.get_draft(session, user, draft_id)
    session.rollback()  # no transaction held while the sandbox works
    with platform.run_limiter.hold(user.id):  # the gate runs code: counted as the author's runs
        result = services.check_draft(platform, draft)
    return CheckOut(ok=result.ok, problems=[ProblemOut(**p) for p in result.problems])


@router.post(
    "/drafts/{draft_id}/publish",
    response_model=PublishedOut,
    responses=problem_responses(401, 403, 404, 409, 422, 429),
)
def publish(
    request: Request,
    draft_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    platform: PlatformDep,
) -> PublishedOut | Response:
    """Gate, then a new version (a git commit in the data directory). 409 when someone
    published since this draft was opened (the draft is kept), or for a slug rename that
    would cut learners' history off; 422 with the gate's problems per field."""
    try:
        with platform.run_limiter.hold(user.id):
            published = services.publish_draft(session, platform, user, draft_id)
    except services.GateFailed as error:
        return gate_failed(request, error)
    session.commit()
    services.after_commit(platform)
    return PublishedOut(
        slug=published.slug,
        version=published.version,
        commit=published.commit,
        url=f"/exercises/{published.slug}",
    )


@router.get("/exercises", response_model=list[AuthoredOut], responses=problem_responses(401, 403))
def list_published(user: CurrentUser, session: SessionDep) -> list[AuthoredOut]:
    """Published authored exercises, their latest version and learners' submissions."""
    services.require_author(user)
    return [authored_out(session, row) for row in services.published_authored(session)]


def authored_out(session: Session, row: ExerciseVersion) -> AuthoredOut:
    assert row.files is not None
    return AuthoredOut(
        slug=row.slug,
        title=from_files(row.slug, row.step, row.files).title,
        step=row.step,
        version=row.version,
        submissions=services.history_count(session, row.slug),
        url=f"/exercises/{row.slug}",
    )


@router.get(
    "/exercises/{slug}/versions",
    response_model=list[VersionOut],
    responses=problem_responses(401, 403, 404),
)
def versions(slug: Slug, user: CurrentUser, session: SessionDep) -> list[VersionOut]:
    """Every published version, newest first (the git log holds the same, with diffs)."""
    services.require_author(user)
    rows = services.versions_of(session, slug)
    if not rows:
        raise NotFound(f"no published authored exercise with slug {slug!r}")
    return [version_out(session, row) for row in rows]


def version_out(session: Session, row: ExerciseVersion) -> VersionOut:
    author = session.get(User, row.author_id) if row.author_id else None
    title = from_files(row.slug, row.step, row.files).title if row.files else ""
    return VersionOut(
        slug=row.slug,
        version=row.version,
        step=row.step,
        title=title,
        commit=row.commit,
        author=author.display_name if author else None,
        message=row.message,
        created_at=row.created_at.isoformat(),
        withdrawn=row.files is None,
    )


@router.post(
    "/uploads",
    status_code=201,
    response_model=UploadOut,
    responses=problem_responses(400, 401, 403, 409, 413, 422, 429),
)
def upload_zip(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    platform: PlatformDep,
    # The zip's bytes as the body (application/zip is accepted as well as this type).
    body: Annotated[bytes, Body(media_type="application/octet-stream")] = b"",
) -> UploadOut | Response:
    """A zip of a curriculum folder (NN-step/exercises/SLUG/…), at most 512 KiB: every
    exercise through the gate, then all published in one commit, or nothing on any problem
    (zip bombs, paths outside the folder, symbolic links, oversize files: refused)."""
    services.require_author(user)
    try:
        with platform.run_limiter.hold(user.id):
            published, commit = upload.publish_upload(session, platform, user, body)
    except services.GateFailed as error:
        return gate_failed(request, error)
    session.commit()
    services.after_commit(platform)
    return UploadOut(published=published, commit=commit)


@router.post("/preview", response_model=PreviewOut, responses=problem_responses(401, 403, 422))
def preview(body: PreviewIn, user: CurrentUser) -> PreviewOut:
    """The statement as learners will see it (the same renderer and sanitiser)."""
    services.require_author(user)
    return PreviewOut(html=render_markdown(body.markdown).html)
