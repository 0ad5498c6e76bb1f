"""Seed spaced-review history into a running server's database: passes at chosen past times,
told to the review listener as grading does, so cards are due without waiting for the clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.db import make_engine, make_session_factory, transaction, utcnow
from pyroad.learning import review
from pyroad.learning.graded import Graded
from pyroad.submissions.models import Submission, SubmissionStatus


def seed_passes(
    data_dir: Path, catalog: Catalog, email: str, passes: Iterable[tuple[str, float]]
) -> None:
    """For each (exercise slug, days ago): a passed submission then, and its review rating."""
    engine = make_engine(f"sqlite:///{data_dir / 'pyroad.sqlite3'}")
    try:
        sessions = make_session_factory(engine)
        for slug, days_ago in sorted(passes, key=lambda item: -item[1]):
            at = utcnow() - timedelta(days=days_ago)
            with transaction(sessions) as session:
                uid = session.scalar(select(User.id).where(User.email == email))
                assert uid is not None, f"no account {email}"
                row = Submission(
                    user_id=uid,
                    exercise_slug=slug,
                    code="# seeded",
                    status=SubmissionStatus.DONE,
                    verdict="passed",
                    summary="All tests passed.",
                    created_at=at,
                    updated_at=at,
                    finished_at=at,
                )
                session.add(row)
                session.flush()
                graded = Graded(row.id, uid, slug, "passed", 1, 1, (), at, at)
                review.on_graded(session, graded, catalog.require_exercise(slug).concepts)
    finally:
        engine.dispose()
