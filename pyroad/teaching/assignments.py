"""Assignments: an exercise or a whole step set for a cohort, maybe with a due date.

A due date never blocks anyone: work handed in after it is accepted and marked late (by the
time it was submitted, not graded). Learners see their open assignments first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise
from pyroad.db import utcnow
from pyroad.errors import InvalidInput, NotFound
from pyroad.submissions.models import Submission
from pyroad.teaching.models import Assignment, Cohort, CohortMember, CohortRole

DUE_SOON = timedelta(days=2)  # an open assignment due within this is flagged "due soon"
MAX_DUE_AHEAD = timedelta(days=3 * 365)


class Status:
    """One assignment as its learner stands with it."""

    DONE = "done"
    DONE_LATE = "done-late"
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    OPEN = "open"


def create_assignment(
    session: Session,
    catalog: Catalog,
    cohort: Cohort,
    creator: User,
    *,
    exercise_slug: str | None = None,
    step: int | None = None,
    due_at: datetime | None = None,
) -> Assignment:
    """Assign one exercise or one whole step (exactly one of them) to the cohort."""
    if (exercise_slug is None) == (step is None):
        raise InvalidInput(
            "give exactly one of exercise_slug (one exercise) or step (a whole step)"
        )
    if exercise_slug is not None and catalog.exercise(exercise_slug) is None:
        raise NotFound(f"no exercise with id {exercise_slug!r} in the curriculum")
    if step is not None and catalog.step(step) is None:
        numbers = ", ".join(str(s.number) for s in catalog.steps)
        raise NotFound(f"no step {step}; the steps are {numbers}")
    if due_at is not None:
        if due_at.tzinfo is None:
            raise InvalidInput("due_at: give a time zone (like 2026-12-24T17:00:00Z)")
        if due_at > utcnow() + MAX_DUE_AHEAD:
            raise InvalidInput("due_at: at most three years ahead")
    duplicate = session.scalar(
        select(Assignment.id).where(
            Assignment.cohort_id == cohort.id,
            Assignment.exercise_slug == exercise_slug
            if exercise_slug is not None
            else Assignment.step == step,
        )
    )
    if duplicate is not None:
        what = f"exercise {exercise_slug!r}" if exercise_slug else f"step {step}"
        raise InvalidInput(
            f"{what} is already assigned to {cohort.name!r} (assignment {duplicate}); "
            "change its due date instead"
        )
    assignment = Assignment(
        cohort_id=cohort.id,
        exercise_slug=exercise_slug,
        step=step,
        due_at=due_at.astimezone(UTC) if due_at is not None else None,
        created_by=creator.id,
    )
    session.add(assignment)
    session.flush()
    return assignment


def get_assignment(session: Session, cohort_id: int, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.cohort_id != cohort_id:
        raise NotFound(f"no assignment with id {assignment_id} in this cohort")
    return assignment


def set_due(assignment: Assignment, due_at: datetime | None) -> Assignment:
    if due_at is not None and due_at.tzinfo is None:
        raise InvalidInput("due_at: give a time zone (like 2026-12-24T17:00:00Z)")
    assignment.due_at = due_at.astimezone(UTC) if due_at is not None else None
    return assignment


def delete_assignment(session: Session, assignment: Assignment) -> None:
    session.delete(assignment)
    session.flush()


UNDATED_LAST = case((Assignment.due_at.is_(None), 1), else_=0)


def list_assignments(session: Session, cohort_id: int) -> list[Assignment]:
    """A cohort's assignments, soonest due first (undated last), then oldest first."""
    return list(
        session.scalars(
            select(Assignment)
            .where(Assignment.cohort_id == cohort_id)
            .order_by(
                case((Assignment.due_at.is_(None), 1), else_=0), Assignment.due_at, Assignment.id
            )
        )
    )


def exercises_of(catalog: Catalog, assignment: Assignment) -> list[Exercise]:
    """The exercises an assignment covers (an exercise gone from the catalog covers none)."""
    if assignment.exercise_slug is not None:
        found = catalog.exercise(assignment.exercise_slug)
        return [found] if found is not None else []
    step = catalog.step(assignment.step or 0)
    return list(step.exercises) if step is not None else []


def title_of(catalog: Catalog, assignment: Assignment) -> str:
    if assignment.exercise_slug is not None:
        found = catalog.exercise(assignment.exercise_slug)
        return found.title if found is not None else assignment.exercise_slug
    step = catalog.step(assignment.step or 0)
    return (
        f"Step {assignment.step} · {step.title}" if step is not None else f"Step {assignment.step}"
    )


def url_of(assignment: Assignment) -> str:
    if assignment.exercise_slug is not None:
        return f"/exercises/{assignment.exercise_slug}"
    return f"/roadmap#step-{assignment.step}"


def is_late(due_at: datetime | None, submitted_at: datetime | None) -> bool:
    """Handed in after the due date (the submission's time, not the grading's)."""
    return due_at is not None and submitted_at is not None and submitted_at > due_at


# --- the learner's view --------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseWork:
    """What one learner did on one exercise: first pass, attempts, last submission."""

    attempts: int = 0
    first_passed_at: datetime | None = None
    last_submitted_at: datetime | None = None


def work_on(session: Session, user_id: int, slugs: Iterable[str]) -> dict[str, ExerciseWork]:
    """One grouped query: per exercise, attempts, first passing submission, last submission."""
    wanted = sorted(set(slugs))
    if not wanted:
        return {}
    passed_at = case((Submission.verdict == "passed", Submission.created_at), else_=None)
    rows = session.execute(
        select(
            Submission.exercise_slug,
            func.count(Submission.id),
            func.min(passed_at),
            func.max(Submission.created_at),
        )
        .where(Submission.user_id == user_id, Submission.exercise_slug.in_(wanted))
        .group_by(Submission.exercise_slug)
    ).all()
    return {slug: ExerciseWork(int(n), first, last) for slug, n, first, last in rows}


@dataclass(frozen=True)
class AssignedExercise:
    slug: str
    title: str
    url: str
    solved: bool
    late: bool  # solved after the due date (or still unsolved past it)
    attempts: int
    passed_at: datetime | None


@dataclass(frozen=True)
class Assigned:
    """One assignment as its learner sees it."""

    id: int
    cohort_id: int
    cohort_name: str
    title: str
    url: str
    kind: str  # "exercise" or "step"
    due_at: datetime | None
    status: str
    exercises: list[AssignedExercise] = field(default_factory=list)

    @property
    def solved(self) -> int:
        return sum(1 for e in self.exercises if e.solved)

    @property
    def total(self) -> int:
        return len(self.exercises)

    @property
    def late(self) -> bool:
        return self.status in (Status.DONE_LATE, Status.OVERDUE)


def status_of(due_at: datetime | None, exercises: list[AssignedExercise], now: datetime) -> str:
    if exercises and all(e.solved for e in exercises):
        return Status.DONE_LATE if any(e.late for e in exercises) else Status.DONE
    if due_at is not None and now > due_at:
        return Status.OVERDUE
    if due_at is not None and due_at - now <= DUE_SOON:
        return Status.DUE_SOON
    return Status.OPEN


ORDER = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.OPEN: 2, Status.DONE_LATE: 3, Status.DONE: 4}


def for_learner(
    session: Session, catalog: Catalog, user: User, now: datetime | None = None
) -> list[Assigned]:
    """The assignments of every live cohort the user learns in: what is due first, then what
    has no date, then what is done. Two queries whatever the number of assignments."""
    now = now or utcnow()
    rows = session.execute(
        select(Assignment, Cohort.name)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .join(
            CohortMember,
            (CohortMember.cohort_id == Assignment.cohort_id) & (CohortMember.user_id == user.id),
        )
        .where(CohortMember.role == CohortRole.LEARNER, Cohort.archived_at.is_(None))
    ).all()
    covered = {row[0].id: exercises_of(catalog, row[0]) for row in rows}
    work = work_on(session, user.id, (e.slug for found in covered.values() for e in found))
    result = []
    for assignment, cohort_name in rows:
        exercises = []
        for exercise in covered[assignment.id]:
            done = work.get(exercise.slug, ExerciseWork())
            solved = done.first_passed_at is not None
            late = (
                is_late(assignment.due_at, done.first_passed_at)
                if solved
                else assignment.due_at is not None and now > assignment.due_at
            )
            exercises.append(
                AssignedExercise(
                    exercise.slug,
                    exercise.title,
                    f"/exercises/{exercise.slug}",
                    solved,
                    late,
                    done.attempts,
                    done.first_passed_at,
                )
            )
        result.append(
            Assigned(
                assignment.id,
                assignment.cohort_id,
                cohort_name,
                title_of(catalog, assignment),
                url_of(assignment),
                "exercise" if assignment.exercise_slug is not None else "step",
                assignment.due_at,
                status_of(assignment.due_at, exercises, now),
                exercises,
            )
        )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    result.sort(key=lambda a: (ORDER[a.status], a.due_at or far, a.id))
    return result
