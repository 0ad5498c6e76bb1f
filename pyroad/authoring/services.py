"""Drafts, the gate, publishing: what the authoring API and pages call.

Publishing is where the rules live: the draft must pass the gate; it must start from the
latest version (else someone published meanwhile: 409, the draft kept); a slug learners
have history on is never renamed; the new version row and the git commit happen together
or not at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts.models import Role, User
from pyroad.authoring import fields as form
from pyroad.authoring.gate import GateResult, check_files
from pyroad.authoring.live import live_of
from pyroad.authoring.models import ExerciseDraft, ExerciseVersion
from pyroad.authoring.repository import Repository, RepositoryError
from pyroad.db import utcnow
from pyroad.errors import Conflict, Forbidden, InvalidInput, NotFound
from pyroad.grading.grader import Grader
from pyroad.platform import Platform
from pyroad.submissions.models import Submission

log = logging.getLogger("pyroad.authoring")
AUTHORING_ROLES = (Role.AUTHOR, Role.ADMIN)


class GateFailed(InvalidInput):
    """The gate found problems; each names its form field."""

    title = "The gate found problems"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        first = problems[0]["message"] if problems else ""
        super().__init__(f"{len(problems)} problem(s); the first: {first}")
        self.problems = problems


def require_author(user: User) -> None:
    if user.role not in AUTHORING_ROLES:
        raise Forbidden("authoring needs the author role; an admin can give it to you")


def repository(platform: Platform) -> Repository:
    return Repository(platform.settings.data_dir / "authored")


def grader_for(platform: Platform) -> Grader:
    """The grading sandbox of this process (or the one its runs use)."""
    sandbox, _ = platform.runner.sandbox()
    return Grader(sandbox)


# --------------------------------------------------------------------------- drafts


def list_drafts(session: Session, user: User) -> list[ExerciseDraft]:
    require_author(user)
    query = select(ExerciseDraft).where(ExerciseDraft.author_id == user.id)
    return list(session.scalars(query.order_by(ExerciseDraft.updated_at.desc())))


def get_draft(session: Session, user: User, draft_id: int) -> ExerciseDraft:
    """Only its author (or an admin) may see a draft; others get the same 404 as no draft."""
    require_author(user)
    draft = session.get(ExerciseDraft, draft_id)
    if draft is None or (draft.author_id != user.id and user.role is not Role.ADMIN):
        raise NotFound(f"no draft with id {draft_id}")
    return draft


def create_draft(
    session: Session, user: User, fields: form.ExerciseFields | None = None
) -> ExerciseDraft:
    require_author(user)
    draft = ExerciseDraft(
        author_id=user.id, fields=(fields or form.ExerciseFields()).model_dump(mode="json")
    )
    session.add(draft)
    session.flush()
    return draft


def draft_from_published(session: Session, user: User, slug: str) -> ExerciseDraft:
    """A new draft holding the latest version of an authored exercise, to edit it."""
    require_author(user)
    latest = latest_version(session, slug)
    if latest is None or latest.files is None:
        raise NotFound(f"no published authored exercise with slug {slug!r}")
    draft = ExerciseDraft(
        author_id=user.id,
        source_slug=slug,
        base_version=latest.version,
        fields=form.from_files(slug, latest.step, latest.files).model_dump(mode="json"),
    )
    session.add(draft)
    session.flush()
    return draft


def save_draft(
    session: Session, user: User, draft_id: int, fields: form.ExerciseFields
) -> ExerciseDraft:
    draft = get_draft(session, user, draft_id)
    draft.fields = fields.model_dump(mode="json")
    draft.updated_at = utcnow()
    return draft


def delete_draft(session: Session, user: User, draft_id: int) -> None:
    session.delete(get_draft(session, user, draft_id))


# --------------------------------------------------------------------------- versions


def latest_version(session: Session, slug: str) -> ExerciseVersion | None:
    query = select(ExerciseVersion).where(ExerciseVersion.slug == slug)
    return session.scalars(query.order_by(ExerciseVersion.version.desc()).limit(1)).first()


def versions_of(session: Session, slug: str) -> list[ExerciseVersion]:
    query = select(ExerciseVersion).where(ExerciseVersion.slug == slug)
    return list(session.scalars(query.order_by(ExerciseVersion.version.desc())))


def history_count(session: Session, slug: str) -> int:
    """Learners' submissions on a slug: their progress and history hang on it."""
    query = select(func.count()).select_from(Submission).where(Submission.exercise_slug == slug)
    return int(session.scalar(query) or 0)


def check_draft(platform: Platform, draft: ExerciseDraft) -> GateResult:
    fields = form.ExerciseFields.model_validate(draft.fields)
    own = {draft.source_slug} if draft.source_slug else set()
    catalog = platform.catalog
    if fields.slug in catalog.versions:  # an authored slug: a new version may replace it
        own.add(fields.slug)
    return check_files(
        grader_for(platform),
        catalog,
        fields.slug.strip(),
        fields.step,
        form.to_files(fields),
        replaces=frozenset(own),
    )


@dataclass(frozen=True)
class Published:
    slug: str
    version: int
    commit: str


def publish_draft(session: Session, platform: Platform, user: User, draft_id: int) -> Published:
    """Gate, version check, one row and one commit. The caller commits the session."""
    draft = get_draft(session, user, draft_id)
    fields = form.ExerciseFields.model_validate(draft.fields)
    slug, source = fields.slug.strip(), draft.source_slug
    _check_base(session, draft, slug)
    renamed = source is not None and slug != source
    old = latest_version(session, source) if renamed and source else None
    if renamed:
        assert source is not None
        used = history_count(session, source)
        if used:
            raise Conflict(
                f"learners have {used} submission(s) on {source!r}: their progress and history "
                f"are stored under that slug, so it cannot be renamed to {slug!r}. Keep the slug "
                "(the title can change), or publish a new exercise beside it"
            )
        if latest_version(session, slug) is not None:
            raise Conflict(f"the slug {slug!r} is already published; choose another one")
    result = check_draft(platform, draft)
    if not result.ok:
        raise GateFailed(result.problems)
    assert fields.step is not None
    # From the version checked before the gate, never re-read after it: another author may
    # have published meanwhile, and then this insert must collide (409), not stack on theirs.
    version = (draft.base_version or 0) + 1 if slug == (source or slug) else 1
    message = f"Publish {slug} v{version}: {fields.title.strip()}"[:200]
    rows = [new_version(slug, version, fields.step, result.files, user, message)]
    changes: list[tuple[int, str, dict[str, str] | None]] = [(fields.step, slug, result.files)]
    if renamed:
        assert source is not None and old is not None
        note = f"Withdraw {source} (renamed to {slug} before any learner used it)"
        rows.append(new_version(source, old.version + 1, old.step, None, user, note))
        changes.append((old.step, source, None))
        message += f" (renamed from {source})"
    published = store(session, platform, user, rows, changes, message)
    draft.source_slug, draft.base_version = slug, version
    draft.updated_at = utcnow()
    return Published(slug, version, published)


def _check_base(session: Session, draft: ExerciseDraft, slug: str) -> None:
    """Publishing must build on the latest version: else another author's work would be
    overwritten unseen. The draft stays as it is; its author merges and publishes again."""
    source = draft.source_slug or slug
    latest = latest_version(session, source)
    if draft.source_slug is None:
        if latest is not None:
            raise Conflict(
                f"{source!r} was published by someone else while you wrote this draft "
                f"(version {latest.version}); your draft is kept: choose another slug, or "
                "open the published exercise and bring your changes into it"
            )
        return
    if latest is None or latest.version != draft.base_version:
        newest = latest.version if latest else "none"
        raise Conflict(
            f"{source!r} has been published again since you opened this draft (you started "
            f"from version {draft.base_version}, the latest is {newest}); your draft is kept: "
            "open the latest version, bring your changes into it and publish again"
        )


def new_version(
    slug: str,
    version: int,
    step: int,
    files: dict[str, str] | None,
    user: User,
    message: str,
) -> ExerciseVersion:
    return ExerciseVersion(
        slug=slug, version=version, step=step, files=files, author_id=user.id, message=message
    )


def store(
    session: Session,
    platform: Platform,
    user: User,
    rows: list[ExerciseVersion],
    changes: list[tuple[int, str, dict[str, str] | None]],
    message: str,
) -> str:
    """Insert the version rows (the unique key settles races), then commit to git."""
    session.add_all(rows)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "another author published this exercise at the same moment; your draft is kept: "
            "open the latest version, bring your changes into it and publish again"
        ) from None
    repo = repository(platform)
    try:
        with repo.locked():
            sha = repo.commit(changes, message, (user.display_name or user.email, user.email))
    except (RepositoryError, OSError) as error:
        # The message only: a traceback's locals would print every exercise in the catalog.
        log.error("publishing to the authored repository failed: %s", error)
        session.rollback()
        raise Conflict(
            "the authored repository could not record this publish (logged for the "
            "administrator); nothing was published and your draft is kept"
        ) from None
    for row in rows:
        row.commit = sha
    return sha


def after_commit(platform: Platform) -> None:
    """This process sees what it published at once (the others within a poll)."""
    live = live_of(platform)
    if live is not None:
        live.refresh()


def published_authored(session: Session) -> list[ExerciseVersion]:
    from pyroad.authoring.live import latest_versions

    return [row for row in latest_versions(session) if row.files is not None]
