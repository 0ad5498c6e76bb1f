"""The dashboard's learner rows built in the page module are the markup the template wrote
before, escaping included (an author may give an exercise any title)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jinja2 import Environment

from pyroad.teaching.dashboard import (
    AssignedExercise,
    Cell,
    Dashboard,
    LearnerRow,
    StepInfo,
)
from pyroad.teaching.models import Cohort
from pyroad.web.pages.teaching_reports import grid, step_bars

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
EVIL = """<script>alert("x")</script> & 'quotes'"""
# What teach_dashboard.html rendered per learner before (autoescaped, as every template).
TEMPLATE = Environment(autoescape=True).from_string(
    """{% for step in board.steps %}{% set n = row.solved_per_step.get(step.number, 0) %}"""
    """<span class="{{ 'done' if n == step.total and n else '' }}" """
    """title="Step {{ step.number }}, {{ step.title }}: {{ n }} of {{ step.total }} solved">"""
    """{{ n }}/{{ step.total }}</span>"""
    """{% endfor %}|{% for exercise in board.assigned %}{% set cell = row.cell(exercise.slug) %}"""
    """{% set status = cell.status(exercise.due_at, now) %}"""
    """<span class="cell {{ status }}" title="{{ exercise.title }}: {{ words[status] }}"""
    """{% if cell.attempts %}, {{ cell.attempts }} attempt{{ '' if cell.attempts == 1 else 's' }}"""
    """{% endif %}"></span>{% endfor %}"""
)


def test_cells_and_step_bars_are_the_templates_markup() -> None:
    assigned = [
        AssignedExercise("a", EVIL, 1, NOW - DAY, NOW - 9 * DAY),
        AssignedExercise("b", "Plain", 1, NOW + DAY, NOW - 9 * DAY),
        AssignedExercise("c", "No due date", 2, None, NOW - 9 * DAY),
    ]
    rows = [
        LearnerRow(1, "ann", "a@x.io", NOW, solved_per_step={1: 2, 2: 1}),
        LearnerRow(2, "ben", "b@x.io", NOW, solved_per_step={1: 1}),
        LearnerRow(3, "cat", "c@x.io", NOW),
    ]
    rows[0].cells = {"a": Cell(2, 1, NOW - 2 * DAY), "b": Cell(1, 0, NOW), "c": Cell(1, 0, NOW)}
    rows[1].cells = {"a": Cell(1, 0, NOW - DAY / 2), "b": Cell(3, 3), "c": Cell(1, 1)}
    board = Dashboard(
        cohort=Cohort(id=1, name="c"),
        generated_at=NOW,
        steps=[StepInfo(1, EVIL, 2), StepInfo(2, "Loops & <functions>", 3)],
        assigned=assigned,
        learners=rows,
        total_learners=3,
        page=1,
        per_page=50,
        stuck=[],
        summary=[],
    )
    words = {
        "solved": "solved",
        "late": "solved late",
        "overdue": "overdue, not solved",
        "attempted": "attempted",
        "new": "not started",
    }
    cells, bars = grid(board), step_bars(board)
    for row in rows:
        before = TEMPLATE.render(board=board, row=row, now=NOW, words=words)
        assert f"{bars[row.user_id]}|{cells[row.user_id]}" == before
    assert "&lt;script&gt;" in cells[1] and "<script>" not in cells[1] + bars[1]
    shown = "".join(cells.values())
    assert all(f'class="cell {status}"' in shown for status in words)  # every status met
