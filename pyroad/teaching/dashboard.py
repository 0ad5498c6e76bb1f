"""The teacher's view of a cohort: progress per learner, assigned work and who is stuck.

Read from ``exercise_progress`` (one row per learner and exercise, recounted from the
submissions whenever one is stored or graded: see pyroad.submissions.progress), never by
grouping submissions, and never a query per learner. Measured on 500 learners with
70,000 submissions (bench/pages.py): grouping the submissions took ~40 ms of SQLite per
dashboard; the cohort-wide parts now read only what they show, each from its index: the
stuck pairs (unsolved rows only), each learner's latest submission (one index step each)
and the solvers of each assigned exercise. Full cells are read for the page on screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.db import utcnow
from pyroad.submissions.models import ExerciseProgress as Progress
from pyroad.submissions.models import Submission
from pyroad.teaching.models import Assignment, Cohort, CohortMember, CohortRole

# A learner is stuck on an assigned exercise they have not solved when either holds:
STUCK_FAILED_ATTEMPTS = 5  # … this many graded attempts at it failed (wrong, crash, time-out)
STUCK_INACTIVE_DAYS = 7  # … they started it and submitted nothing on it for this long
# A learner is also listed when they submitted nothing at all for STUCK_INACTIVE_DAYS
# (counted from joining if never) while some assigned exercise is still unsolved.
LEARNERS_PER_PAGE = 50


@dataclass(frozen=True)
class AssignedExercise:
    """One exercise the cohort was set, directly or as part of a step.

    Set twice (alone and within a step), the earliest due date and assignment count.
    """

    slug: str
    title: str
    step: int
    due_at: datetime | None
    assigned_at: datetime


@dataclass(frozen=True)
class Cell:
    """What one learner did on one exercise (from one grouped query)."""

    attempts: int = 0
    failed: int = 0
    solved_at: datetime | None = None  # first passing submission
    last_at: datetime | None = None  # latest submission
    best: str | None = None  # best verdict reached (see progress.VERDICT_RANK)

    @property
    def solved(self) -> bool:
        return self.solved_at is not None

    def late(self, due_at: datetime | None) -> bool:
        return self.solved_at is not None and due_at is not None and self.solved_at > due_at

    def status(self, due_at: datetime | None, now: datetime) -> str:
        """solved · late (solved after the due date) · overdue · attempted · new."""
        if self.solved_at is not None:
            return "late" if self.late(due_at) else "solved"
        if due_at is not None and now > due_at:
            return "overdue"
        return "attempted" if self.attempts else "new"


EMPTY = Cell()


@dataclass(frozen=True)
class Stuck:
    """Why a learner needs a look: which rule, on which assigned exercise, since when."""

    learner_id: int
    learner_name: str
    reason: str  # "failing", "inactive" or "absent"
    detail: str
    since: datetime
    exercise: AssignedExercise | None = None  # None for "absent"


@dataclass
class LearnerRow:
    user_id: int
    name: str
    email: str
    joined_at: datetime
    last_activity: datetime | None = None
    attempts: int = 0
    assigned_solved: int = 0
    solved_per_step: dict[int, int] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)  # filled for the page shown
    stuck: list[Stuck] = field(default_factory=list)

    def cell(self, slug: str) -> Cell:
        return self.cells.get(slug, EMPTY)


@dataclass(frozen=True)
class StepInfo:
    number: int
    title: str
    total: int


@dataclass(frozen=True)
class ExerciseSummary:
    """Across the cohort: how many learners solved or tried one assigned exercise."""

    exercise: AssignedExercise
    solved: int
    overdue: int  # not solved and the due date has passed


@dataclass
class Dashboard:
    cohort: Cohort
    generated_at: datetime
    steps: list[StepInfo]
    assigned: list[AssignedExercise]
    learners: list[LearnerRow]  # this page's: stuck first (most reasons first), then by name
    total_learners: int
    page: int
    per_page: int
    stuck: list[Stuck]  # everyone's
    summary: list[ExerciseSummary]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_learners // self.per_page))


def assigned_exercises(
    session: Session, catalog: Catalog, cohort_id: int
) -> list[AssignedExercise]:
    """The cohort's assignments expanded to exercises, in course order.

    An exercise or step no longer in the catalog (removed from the course) is left out:
    nobody can submit to it any more.
    """
    due: dict[str, datetime | None] = {}
    assigned_at: dict[str, datetime] = {}
    rows = session.execute(
        select(
            Assignment.exercise_slug, Assignment.step, Assignment.due_at, Assignment.created_at
        ).where(Assignment.cohort_id == cohort_id)
    )
    for slug, step_number, due_at, created_at in rows:
        if slug is not None:
            slugs = [slug] if catalog.exercise(slug) is not None else []
        else:
            step = catalog.step(step_number) if step_number is not None else None
            slugs = [exercise.slug for exercise in step.exercises] if step else []
        for each in slugs:
            if each not in due:
                due[each], assigned_at[each] = due_at, created_at
                continue
            known = due[each]
            due[each] = due_at if known is None else min(known, due_at or known)
            assigned_at[each] = min(assigned_at[each], created_at)
    order = {exercise.slug: index for index, exercise in enumerate(catalog.exercises)}
    found = []
    for slug in sorted(due, key=order.__getitem__):
        exercise = catalog.require_exercise(slug)
        found.append(
            AssignedExercise(slug, exercise.title, exercise.step, due[slug], assigned_at[slug])
        )
    return found


def learners_of(cohort_id: int) -> Any:
    """The cohort's learners (not its teachers or mentors), as a subquery of user ids."""
    return (
        select(CohortMember.user_id)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.role == CohortRole.LEARNER)
        .scalar_subquery()
    )


def learner_rows(
    session: Session, cohort_id: int, learner_id: int | None = None
) -> list[LearnerRow]:
    """The cohort's learners (or the one asked for) with name, e-mail, joining date and
    their latest submission's time (one index step each)."""
    last = (
        select(func.max(Progress.last_at))
        .where(Progress.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    query = (
        select(User.id, User.display_name, User.email, CohortMember.joined_at, last)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.role == CohortRole.LEARNER)
        .order_by(User.display_name, User.id)
    )
    if learner_id is not None:
        query = query.where(User.id == learner_id)
    return [
        LearnerRow(user_id, name, email, joined, last_activity=last_at)
        for user_id, name, email, joined, last_at in session.connection().execute(query).all()
    ]


def cells(
    session: Session, learners: Any, slugs: list[str] | None, *, light: bool = False
) -> dict[tuple[int, str], Cell]:
    """Per (learner, exercise): attempts, failures, first pass, last submission, best verdict.

    ``learners`` is a subquery of user ids or a list of them; ``slugs`` limits the
    exercises (None: all). One read of the progress rows. ``light`` (the dashboard grid,
    which shows only the status) leaves out the last submission's time and the best verdict.
    """
    if slugs is not None and not slugs:
        return {}
    columns: list[Any] = [
        Progress.user_id,
        Progress.exercise_slug,
        Progress.attempts,
        Progress.failed,
        Progress.solved_at,
    ]
    if not light:
        columns += [Progress.last_at, Progress.best]
    query = select(*columns).where(Progress.user_id.in_(learners))
    if slugs is not None:
        query = query.where(Progress.exercise_slug.in_(slugs))
    # Core, not the ORM's result machinery: much cheaper per row on thousands of rows.
    rows = session.connection().execute(query).all()  # fetchall: cheaper than row by row
    return {(row[0], row[1]): Cell(*row[2:]) for row in rows}


def attempts(session: Session, learners: Any) -> dict[int, int]:
    """Per learner: submissions on any exercise."""
    rows = session.connection().execute(
        select(Progress.user_id, func.sum(Progress.attempts))
        .where(Progress.user_id.in_(learners))
        .group_by(Progress.user_id)
    )
    return {user_id: int(count) for user_id, count in rows}


def solved_among(session: Session, learners: list[int], slugs: list[str]) -> dict[int, int]:
    """Per learner: how many of ``slugs`` they solved."""
    if not learners or not slugs:
        return {}
    rows = session.connection().execute(
        select(Progress.user_id, func.count())
        .where(
            Progress.user_id.in_(learners),
            Progress.exercise_slug.in_(slugs),
            Progress.solved_at.is_not(None),
        )
        .group_by(Progress.user_id)
    )
    return {user_id: int(count) for user_id, count in rows}


def solved_per_step(session: Session, catalog: Catalog, learners: Any) -> dict[int, dict[int, int]]:
    """Per learner and step: exercises solved (for a page of learners: a few thousand
    (learner, exercise) pairs at most). Mapped to steps here: a CASE over the catalog's
    126 slugs cost more to build per request than the query itself."""
    rows = (
        session.connection()
        .execute(
            select(Progress.user_id, Progress.exercise_slug).where(
                Progress.user_id.in_(learners), Progress.solved_at.is_not(None)
            )
        )
        .all()
    )
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, slug in rows:
        exercise = catalog.exercise(slug)
        if exercise is not None:
            steps = found[user_id]
            steps[exercise.step] = steps.get(exercise.step, 0) + 1
    return found


def stuck_pairs(
    session: Session, learners: Any, slugs: list[str], quiet_since: datetime
) -> list[tuple[int, str, int, datetime]]:
    """(learner, exercise, failed attempts, last graded submission) for unsolved exercises
    among ``slugs`` with a graded attempt and either enough failures or no graded attempt
    since ``quiet_since`` (one that waits for its verdict does not count yet).

    Read from the index of unsolved rows (ix_exercise_progress_open): a few rows per
    learner, never the solved ones.
    """
    if not slugs:
        return []
    rows = session.connection().execute(
        select(
            Progress.user_id, Progress.exercise_slug, Progress.failed, Progress.last_graded_at
        ).where(
            Progress.user_id.in_(learners),
            Progress.solved_at.is_(None),
            Progress.last_graded_at.is_not(None),
            (Progress.failed >= STUCK_FAILED_ATTEMPTS) | (Progress.last_graded_at <= quiet_since),
        )
    )
    wanted = set(slugs)  # filtered here: an IN on slugs in SQL leads SQLite past the index
    return [
        (user_id, slug, int(n), at)
        for user_id, slug, n, at in rows
        if slug in wanted and at is not None  # never None (above): for the type checker
    ]


def solved_counts(session: Session, learners: Any, slugs: list[str]) -> dict[str, int]:
    """Per assigned exercise: how many learners solved it (from the index of solvers)."""
    if not slugs:
        return {}
    rows = session.connection().execute(
        select(Progress.exercise_slug, func.count())
        .where(
            Progress.exercise_slug.in_(slugs),
            Progress.solved_at.is_not(None),
            Progress.user_id.in_(learners),
        )
        .group_by(Progress.exercise_slug)
    )
    return {slug: int(solved) for slug, solved in rows}


def _failing(row: LearnerRow, exercise: AssignedExercise, failed: int, last: datetime) -> Stuck:
    detail = f"{failed} failed attempts on {exercise.title}, not solved yet"
    return Stuck(row.user_id, row.name, "failing", detail, last, exercise)


def _inactive(row: LearnerRow, exercise: AssignedExercise, since: datetime, now: datetime) -> Stuck:
    detail = f"started {exercise.title}, nothing submitted for {(now - since).days} days"
    return Stuck(row.user_id, row.name, "inactive", detail, since, exercise)


def _absent(row: LearnerRow, unsolved: int, now: datetime) -> Stuck | None:
    """The whole-learner rule: silent for STUCK_INACTIVE_DAYS with assigned work open."""
    since = row.last_activity or row.joined_at
    if not unsolved or now - since < timedelta(days=STUCK_INACTIVE_DAYS):
        return None
    what = "no submission" if row.last_activity else "nothing submitted since joining"
    detail = f"{what} for {(now - since).days} days; {unsolved} assigned exercises not solved"
    return Stuck(row.user_id, row.name, "absent", detail, since)


def _pair_reason(
    row: LearnerRow,
    exercise: AssignedExercise,
    failed: int,
    last: datetime,
    now: datetime,
) -> Stuck | None:
    """The per-exercise rules for one unsolved, started exercise."""
    if failed >= STUCK_FAILED_ATTEMPTS:
        return _failing(row, exercise, failed, last)
    # Quiet since the last attempt, or since the work was set if they started it before.
    since = max(last, exercise.assigned_at)
    if now - since >= timedelta(days=STUCK_INACTIVE_DAYS):
        return _inactive(row, exercise, since, now)
    return None


def stuck_reasons(row: LearnerRow, assigned: list[AssignedExercise], now: datetime) -> list[Stuck]:
    """The stuck rules applied to one learner whose cells are loaded (the drill-down);
    the dashboard applies the same rules to the whole cohort through ``stuck_pairs``."""
    found = []
    for exercise in assigned:
        cell = row.cell(exercise.slug)
        if cell.solved or not cell.attempts or cell.last_at is None:
            continue
        reason = _pair_reason(row, exercise, cell.failed, cell.last_at, now)
        if reason is not None:
            found.append(reason)
    absent = _absent(row, sum(1 for e in assigned if not row.cell(e.slug).solved), now)
    return [*found, absent] if absent else found


def build(
    session: Session,
    catalog: Catalog,
    cohort: Cohort,
    *,
    page: int = 1,
    per_page: int = LEARNERS_PER_PAGE,
    now: datetime | None = None,
) -> Dashboard:
    """The stuck list and the summary over the whole cohort; full rows (cells, per-step
    progress) for one page of learners. Eight queries, whatever the cohort's size.

    Learners are ordered stuck first (most reasons first), then by name, so page 1 is
    where a teacher should look.
    """
    now = now or utcnow()
    assigned = assigned_exercises(session, catalog, cohort.id)
    slugs = [exercise.slug for exercise in assigned]
    by_slug = {exercise.slug: exercise for exercise in assigned}
    rows = learner_rows(session, cohort.id)
    by_user = {row.user_id: row for row in rows}
    learners = learners_of(cohort.id)
    quiet_since = now - timedelta(days=STUCK_INACTIVE_DAYS)
    if rows:
        for user_id, slug, failed, last in stuck_pairs(session, learners, slugs, quiet_since):
            if user_id in by_user:
                reason = _pair_reason(by_user[user_id], by_slug[slug], failed, last, now)
                if reason is not None:
                    by_user[user_id].stuck.append(reason)
        # The whole-learner rule, for those silent long enough: is assigned work open?
        silent = [row for row in rows if (row.last_activity or row.joined_at) <= quiet_since]
        solved = solved_among(session, [row.user_id for row in silent], slugs)
        for row in silent:
            absent = _absent(row, len(assigned) - solved.get(row.user_id, 0), now)
            if absent is not None:
                row.stuck.append(absent)
    stuck = sorted(
        (reason for row in rows for reason in row.stuck),
        key=lambda s: (("failing", "inactive", "absent").index(s.reason), s.since),
    )
    rows.sort(key=lambda row: -len(row.stuck))  # stable: by name within each count
    shown = rows[(page - 1) * per_page : page * per_page]
    ids = [row.user_id for row in shown]
    if ids:
        for (user_id, slug), cell in cells(session, ids, slugs, light=True).items():
            by_user[user_id].cells[slug] = cell
        for user_id, count in attempts(session, ids).items():
            by_user[user_id].attempts = count
        per_step = solved_per_step(session, catalog, ids)
        for row in shown:
            row.solved_per_step = per_step.get(row.user_id, {})
            row.assigned_solved = sum(1 for cell in row.cells.values() if cell.solved)
    counts = solved_counts(session, learners, slugs) if rows else {}
    summary = []
    for exercise in assigned:
        solved_by = counts.get(exercise.slug, 0)
        past_due = exercise.due_at is not None and now > exercise.due_at
        summary.append(
            ExerciseSummary(exercise, solved_by, len(rows) - solved_by if past_due else 0)
        )
    return Dashboard(
        cohort=cohort,
        generated_at=now,
        steps=[StepInfo(s.number, s.title, len(s.exercises)) for s in catalog.steps],
        assigned=assigned,
        learners=shown,
        total_learners=len(rows),
        page=page,
        per_page=per_page,
        stuck=stuck,
        summary=summary,
    )


@dataclass(frozen=True)
class LearnerProgress:
    """The drill-down's header: one learner in one cohort, every exercise they touched."""

    row: LearnerRow
    assigned: list[AssignedExercise]
    steps: list[StepInfo]


def learner_progress(
    session: Session, catalog: Catalog, cohort_id: int, row: LearnerRow, now: datetime | None = None
) -> LearnerProgress:
    """One learner's progress: their dashboard row, with cells for every exercise."""
    now = now or utcnow()
    assigned = assigned_exercises(session, catalog, cohort_id)
    ids = [row.user_id]
    row.cells = {slug: cell for (_, slug), cell in cells(session, ids, None).items()}
    row.attempts = attempts(session, ids).get(row.user_id, 0)
    row.assigned_solved = sum(1 for exercise in assigned if row.cell(exercise.slug).solved)
    row.solved_per_step = solved_per_step(session, catalog, ids).get(row.user_id, {})
    row.stuck = stuck_reasons(row, assigned, now)
    steps = [StepInfo(s.number, s.title, len(s.exercises)) for s in catalog.steps]
    return LearnerProgress(row=row, assigned=assigned, steps=steps)


def cohort_learner(session: Session, cohort_id: int, learner_id: int) -> LearnerRow | None:
    """A learner of this cohort (None when the id is not one: staff see only their cohort's)."""
    found = learner_rows(session, cohort_id, learner_id)
    return found[0] if found else None


SUBMISSIONS_PER_PAGE = 20


def learner_submissions(
    session: Session,
    learner_id: int,
    *,
    exercise: str | None = None,
    before: int | None = None,
    limit: int = SUBMISSIONS_PER_PAGE,
) -> list[Submission]:
    """A learner's submissions, newest first; ``before`` (an id) pages back through them."""
    query = select(Submission).where(Submission.user_id == learner_id)
    if exercise:
        query = query.where(Submission.exercise_slug == exercise)
    if before:
        query = query.where(Submission.id < before)
    return list(session.scalars(query.order_by(Submission.id.desc()).limit(limit)))
