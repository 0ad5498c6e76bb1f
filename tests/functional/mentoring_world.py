"""A small school for the mentoring tests: two cohorts, their staff and learners, and
submissions stored directly (grading is not what these tests are about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from pyroad.db import transaction
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Cohort, CohortMember, CohortRole
from tests.conftest import Learner

SLUG = "checkout-summary"  # has starter code


def user_id(person: Learner) -> int:
    return int(person.get("/api/v1/me").json()["id"])


def make_cohort(client: TestClient, name: str, members: list[tuple[Learner, CohortRole]]) -> int:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with transaction(platform.sessions) as session:
        cohort = Cohort(name=name)
        session.add(cohort)
        session.flush()
        for person, role in members:
            session.add(CohortMember(cohort_id=cohort.id, user_id=user_id(person), role=role))
        return int(cohort.id)


def store(client: TestClient, person: Learner, code: str, slug: str = SLUG, **extra: Any) -> int:
    """A graded submission, stored as the grader would leave it."""
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with transaction(platform.sessions) as session:
        submission = Submission(
            user_id=user_id(person),
            exercise_slug=slug,
            code=code,
            status=SubmissionStatus.DONE,
            verdict=extra.get("verdict", "failed"),
        )
        session.add(submission)
        session.flush()
        return int(submission.id)


@dataclass
class School:
    teacher: Learner
    mentor: Learner
    ada: Learner  # learner in cohort "A"
    bob: Learner  # learner in cohort "A"
    other_teacher: Learner  # teacher of cohort "B" only
    carol: Learner  # learner in cohort "B"
    loner: Learner  # in no cohort
    cohort: int
    other_cohort: int


def make_school(client: TestClient) -> School:
    people = [Learner(client) for _ in range(7)]
    teacher, mentor, ada, bob, other_teacher, carol, loner = people
    cohort = make_cohort(
        client,
        "Monday class",
        [
            (teacher, CohortRole.TEACHER),
            (mentor, CohortRole.MENTOR),
            (ada, CohortRole.LEARNER),
            (bob, CohortRole.LEARNER),
        ],
    )
    other = make_cohort(
        client, "Tuesday class", [(other_teacher, CohortRole.TEACHER), (carol, CohortRole.LEARNER)]
    )
    return School(teacher, mentor, ada, bob, other_teacher, carol, loner, cohort, other)
