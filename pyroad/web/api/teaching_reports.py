"""Reports on a cohort for its staff: the dashboard, one learner's drill-down, the gradebook.

Who may read: a teacher or mentor of the cohort, or an admin (``require_cohort_staff``);
the gradebook is for its teachers only. Outside the cohort it does not exist (404); its
learners get 403. A learner id is looked up within the cohort, so staff of one cohort
never reach a learner of another through it.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.db import MAX_ID, utcnow
from pyroad.errors import NotFound
from pyroad.submissions import services as submissions
from pyroad.submissions.schemas import SubmissionOut
from pyroad.teaching import access, dashboard, gradebook
from pyroad.teaching.dashboard import (
    AssignedExercise,
    Dashboard,
    LearnerProgress,
    LearnerRow,
    Stuck,
)
from pyroad.teaching.models import Cohort
from pyroad.web.api.submissions import SLUG_PATTERN, submission_out
from pyroad.web.deps import CatalogDep, CurrentUser, RowId, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["teaching"])
REFUSALS = problem_responses(401, 403, 404, 422)


class AssignedExerciseOut(BaseModel):
    slug: str
    title: str
    step: int
    due_at: datetime | None
    assigned_at: datetime


class StuckOut(BaseModel):
    learner_id: int
    learner: str
    reason: str = Field(
        description="failing: ≥ 5 failed attempts on an unsolved assigned exercise; inactive: "
        "started one and submitted nothing on it for 7 days; absent: no submission at all for "
        "7 days while assigned work is unsolved."
    )
    detail: str
    since: datetime
    exercise: str | None = Field(description="The assigned exercise (null for absent).")


class DashboardCellOut(BaseModel):
    status: str = Field(description="solved · late · overdue · attempted · new")
    attempts: int
    failed: int
    solved_at: datetime | None


class CellOut(DashboardCellOut):
    last_at: datetime | None
    best_verdict: str | None


class StepProgressOut(BaseModel):
    number: int
    title: str
    solved: int
    total: int


class LearnerSummaryOut(BaseModel):
    id: int
    name: str
    email: str
    joined_at: datetime
    last_activity: datetime | None
    attempts: int = Field(description="Submissions on any exercise.")
    assigned_solved: int
    steps: list[StepProgressOut]
    assigned: dict[str, DashboardCellOut] = Field(
        description="Per assigned exercise slug (the drill-down adds times and best verdicts)."
    )
    stuck: list[StuckOut]


class ExerciseSummaryOut(BaseModel):
    exercise: str
    solved: int
    overdue: int


class DashboardOut(BaseModel):
    cohort_id: int
    cohort: str
    generated_at: datetime
    assigned: list[AssignedExerciseOut]
    learners_total: int
    page: int
    pages: int
    learners: list[LearnerSummaryOut] = Field(
        description="This page of learners, stuck first (most reasons first), then by name."
    )
    stuck: list[StuckOut] = Field(description="Every stuck learner of the cohort.")
    summary: list[ExerciseSummaryOut]


class ExerciseProgressOut(CellOut):
    exercise: str
    title: str
    step: int
    due_at: datetime | None
    assigned: bool


class LearnerProgressOut(BaseModel):
    cohort_id: int
    learner: LearnerSummaryOut
    exercises: list[ExerciseProgressOut] = Field(
        description="Assigned exercises first (course order), then every other one touched."
    )


class LearnerSubmissionOut(SubmissionOut):
    code: str


class GradeOut(BaseModel):
    best_verdict: str | None
    attempts: int
    submitted_at: datetime | None = Field(
        description="The first passing submission, else the latest one."
    )
    due_at: datetime | None
    timing: str = Field(description="on time · late · overdue · in progress · not started")


class GradebookLearnerOut(BaseModel):
    learner_id: int
    name: str
    email: str
    solved: int
    grades: dict[str, GradeOut] = Field(description="Per assigned exercise slug.")


class GradebookOut(BaseModel):
    cohort_id: int
    cohort: str
    generated_at: datetime
    exercises: list[AssignedExerciseOut]
    learners: list[GradebookLearnerOut]


def _assigned_out(exercise: AssignedExercise) -> AssignedExerciseOut:
    return AssignedExerciseOut(
        slug=exercise.slug,
        title=exercise.title,
        step=exercise.step,
        due_at=exercise.due_at,
        assigned_at=exercise.assigned_at,
    )


def _stuck_out(stuck: Stuck) -> StuckOut:
    return StuckOut(
        learner_id=stuck.learner_id,
        learner=stuck.learner_name,
        reason=stuck.reason,
        detail=stuck.detail,
        since=stuck.since,
        exercise=stuck.exercise.slug if stuck.exercise else None,
    )


def _cell_out(row: LearnerRow, slug: str, due_at: datetime | None, now: datetime) -> CellOut:
    cell = row.cell(slug)
    return CellOut(
        status=cell.status(due_at, now),
        attempts=cell.attempts,
        failed=cell.failed,
        solved_at=cell.solved_at,
        last_at=cell.last_at,
        best_verdict=cell.best,
    )


def learner_out(
    row: LearnerRow,
    steps: list[dashboard.StepInfo],
    assigned: list[AssignedExercise],
    now: datetime,
) -> LearnerSummaryOut:
    return LearnerSummaryOut(
        id=row.user_id,
        name=row.name,
        email=row.email,
        joined_at=row.joined_at,
        last_activity=row.last_activity,
        attempts=row.attempts,
        assigned_solved=row.assigned_solved,
        steps=[
            StepProgressOut(
                number=step.number,
                title=step.title,
                solved=row.solved_per_step.get(step.number, 0),
                total=step.total,
            )
            for step in steps
        ],
        assigned={
            e.slug: DashboardCellOut(
                **_cell_out(row, e.slug, e.due_at, now).model_dump(
                    include={"status", "attempts", "failed", "solved_at"}
                )
            )
            for e in assigned
        },
        stuck=[_stuck_out(stuck) for stuck in row.stuck],
    )


def dashboard_out(board: Dashboard) -> DashboardOut:
    now = board.generated_at
    return DashboardOut(
        cohort_id=board.cohort.id,
        cohort=board.cohort.name,
        generated_at=now,
        assigned=[_assigned_out(exercise) for exercise in board.assigned],
        learners_total=board.total_learners,
        page=board.page,
        pages=board.pages,
        learners=[learner_out(row, board.steps, board.assigned, now) for row in board.learners],
        stuck=[_stuck_out(stuck) for stuck in board.stuck],
        summary=[
            ExerciseSummaryOut(exercise=s.exercise.slug, solved=s.solved, overdue=s.overdue)
            for s in board.summary
        ],
    )


def progress_out(
    cohort_id: int, progress: LearnerProgress, catalog: Catalog, now: datetime
) -> LearnerProgressOut:
    row = progress.row
    assigned = {exercise.slug: exercise for exercise in progress.assigned}
    touched = [e for e in catalog.exercises if e.slug in row.cells and e.slug not in assigned]
    exercises = [
        ExerciseProgressOut(
            exercise=slug,
            title=title,
            step=step,
            due_at=due_at,
            assigned=slug in assigned,
            **_cell_out(row, slug, due_at, now).model_dump(),
        )
        for slug, title, step, due_at in [
            *((e.slug, e.title, e.step, e.due_at) for e in progress.assigned),
            *((e.slug, e.title, e.step, None) for e in touched),
        ]
    ]
    return LearnerProgressOut(
        cohort_id=cohort_id,
        learner=learner_out(row, progress.steps, progress.assigned, now),
        exercises=exercises,
    )


def require_learner(
    session: Session, user: User, cohort_id: int, learner_id: int
) -> tuple[Cohort, LearnerRow]:
    """The cohort and the learner, if ``user`` is staff of the cohort and the learner is one
    of its learners (another cohort's learner is the same 404 as a missing one)."""
    cohort = access.require_cohort_staff(session, user, cohort_id)
    row = dashboard.cohort_learner(session, cohort_id, learner_id)
    if row is None:
        raise NotFound(f"no learner with id {learner_id} in cohort {cohort_id}")
    return cohort, row


@router.get("/cohorts/{cohort_id}/dashboard", response_model=DashboardOut, responses=REFUSALS)
def get_dashboard(
    cohort_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(dashboard.LEARNERS_PER_PAGE, ge=1, le=500),
) -> DashboardOut:
    """Progress per learner (per step, per assigned exercise), last activity, attempts, and
    who is stuck. The stuck list and summary cover the whole cohort; learners are paged."""
    cohort = access.require_cohort_staff(session, user, cohort_id)
    return dashboard_out(dashboard.build(session, catalog, cohort, page=page, per_page=per_page))


@router.get(
    "/cohorts/{cohort_id}/learners/{learner_id}",
    response_model=LearnerProgressOut,
    responses=REFUSALS,
)
def get_learner(
    cohort_id: RowId,
    learner_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> LearnerProgressOut:
    """One learner of the cohort: progress per step, every exercise touched, stuck reasons."""
    _, row = require_learner(session, user, cohort_id, learner_id)
    progress = dashboard.learner_progress(session, catalog, cohort_id, row)
    return progress_out(cohort_id, progress, catalog, utcnow())


@router.get(
    "/cohorts/{cohort_id}/learners/{learner_id}/submissions",
    response_model=list[LearnerSubmissionOut],
    responses=REFUSALS,
)
def get_learner_submissions(
    cohort_id: RowId,
    learner_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
    exercise: str | None = Query(None, max_length=100, pattern=SLUG_PATTERN),
    before: int | None = Query(None, ge=1, le=MAX_ID, description="Page back: ids below this."),
    limit: int = Query(dashboard.SUBMISSIONS_PER_PAGE, ge=1, le=100),
) -> list[LearnerSubmissionOut]:
    """The learner's submissions, newest first: code, per-test results (hidden tests as the
    learner sees them), times."""
    require_learner(session, user, cohort_id, learner_id)
    if exercise:
        catalog.require_exercise(exercise)
    return learner_submissions(session, catalog, learner_id, exercise, before, limit)


def learner_submissions(
    session: Session,
    catalog: Catalog,
    learner_id: int,
    exercise: str | None,
    before: int | None,
    limit: int,
) -> list[LearnerSubmissionOut]:
    found = dashboard.learner_submissions(
        session, learner_id, exercise=exercise, before=before, limit=limit
    )
    numbers = submissions.attempt_numbers(session, found)
    return [
        LearnerSubmissionOut(
            **submission_out(s, catalog=catalog, attempt=numbers[s.id]).model_dump(), code=s.code
        )
        for s in found
    ]


def _gradebook(
    session: Session, user: User, cohort_id: int, catalog: Catalog
) -> gradebook.Gradebook:
    cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    return gradebook.build(session, catalog, cohort)


@router.get("/cohorts/{cohort_id}/gradebook", response_model=GradebookOut, responses=REFUSALS)
def get_gradebook(
    cohort_id: RowId, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> GradebookOut:
    """Per learner, each assigned exercise's best verdict, attempts and submitted-at vs due.
    Teachers of the cohort (and admins) only."""
    book = _gradebook(session, user, cohort_id, catalog)
    slugs = [exercise.slug for exercise in book.exercises]
    return GradebookOut(
        cohort_id=book.cohort_id,
        cohort=book.cohort_name,
        generated_at=book.generated_at,
        exercises=[_assigned_out(exercise) for exercise in book.exercises],
        learners=[
            GradebookLearnerOut(
                learner_id=row.learner_id,
                name=row.name,
                email=row.email,
                solved=row.solved,
                grades={
                    slug: GradeOut(
                        best_verdict=g.best_verdict,
                        attempts=g.attempts,
                        submitted_at=g.submitted_at,
                        due_at=g.due_at,
                        timing=g.timing,
                    )
                    for slug, g in zip(slugs, row.grades, strict=True)
                },
            )
            for row in book.rows
        ],
    )


@router.get(
    "/cohorts/{cohort_id}/gradebook.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "UTF-8 (with BOM) CSV, CRLF lines"},
        **REFUSALS,
    },
)
def get_gradebook_csv(
    cohort_id: RowId, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    """The gradebook as a CSV file for spreadsheets: UTF-8 with a byte-order mark, CRLF, and
    any cell that could be read as a formula (= + - @ tab CR first) prefixed with '."""
    book = _gradebook(session, user, cohort_id, catalog)
    return Response(
        gradebook.to_csv(book),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{gradebook.filename(book)}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
