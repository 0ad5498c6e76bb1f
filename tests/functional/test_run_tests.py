"""`pyroad run-tests SLUG INPUT_DIR OUTPUT_DIR` writes results.json in the shape of Exercism's
test-runner interface, version 3."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.importers.pipeline import import_exercism
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.grader import Grader
from pyroad.grading.sandbox import Sandbox
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
SLUG = "parse-request-line"
FIXTURES = Path(__file__).parents[1] / "fixtures"
TEST_KEYS = {"name", "test_code", "status", "message", "output"}


def _run(tmp_path: Path, slug: str, files: dict[str, str], *extra: str) -> tuple[int, Any]:
    get_settings.cache_clear()
    given, out = tmp_path / "in", tmp_path / "out"
    given.mkdir(parents=True)
    for name, text in files.items():
        (given / name).parent.mkdir(parents=True, exist_ok=True)
        (given / name).write_text(text)
    done = CliRunner().invoke(app, ["run-tests", slug, f"{given}/", f"{out}/", *extra])
    body = json.loads((out / "results.json").read_text())
    return done.exit_code, body


def _shape(body: dict[str, Any]) -> None:
    assert body["version"] == 3 and body["status"] in ("pass", "fail", "error")
    for test in body["tests"]:
        assert TEST_KEYS <= test.keys() <= TEST_KEYS | {"task_id"}
        assert test["status"] in ("pass", "fail", "error")
        assert isinstance(test["name"], str) and isinstance(test["test_code"], str)
        assert (test["message"] is None) == (test["status"] == "pass")
        assert test["output"] is None or len(test["output"]) <= 600


def test_reference_passes_and_a_wrong_solution_fails_test_by_test(tmp_path: Path) -> None:
    exercise = CATALOG.exercise(SLUG)
    assert exercise is not None
    code, body = _run(tmp_path / "ok", SLUG, {"parse_request_line.py": exercise.solution})
    assert code == 0
    _shape(body)
    assert body["status"] == "pass" and body["message"] is None
    assert len(body["tests"]) == exercise.tests_total
    visible = next(p for p in exercise.tests if p.visible)
    assert body["tests"][0]["test_code"] == visible.code.strip()
    name, wrong = exercise.wrong_solutions[0]
    code, body = _run(tmp_path / "wrong", SLUG, {"solution.py": wrong})
    assert code == 0, name  # graded: the verdict is in the file, not the exit code
    _shape(body)
    assert body["status"] == "fail"
    failing = [t for t in body["tests"] if t["status"] != "pass"]
    assert failing and all(t["message"] for t in failing)
    hidden_codes = {p.code.strip() for p in exercise.tests if not p.visible}
    assert not hidden_codes & {t["test_code"] for t in body["tests"]}


def test_code_that_does_not_load_is_an_error_with_a_message(tmp_path: Path) -> None:
    code, body = _run(tmp_path / "syntax", SLUG, {"parse_request_line.py": "def broken(:\n"})
    assert code == 0
    assert body == {"version": 3, "status": "error", "message": body["message"], "tests": []}
    assert "SyntaxError" in body["message"]
    code, body = _run(tmp_path / "none", SLUG, {"notes.txt": "no code here"})
    assert code == 0 and body["status"] == "error" and "no solution file" in body["message"]
    code, body = _run(tmp_path / "unknown", "no-such-exercise", {"a.py": ""})
    assert code == 2 and body["status"] == "error" and "no exercise" in body["message"]


def test_an_exercism_folder_is_read_by_its_config_and_tests_link_to_tasks(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    root = tmp_path / "curriculum"
    [result] = import_exercism(
        FIXTURES / "exercism" / "tally-counter", root / "01-imported", Grader(sandbox),
        concepts=["io"], mutate=False,
    )  # fmt: skip
    assert result.ok, result.problems
    source = FIXTURES / "exercism" / "tally-counter"
    files = {
        ".meta/config.json": (source / ".meta" / "config.json").read_text(),
        "tally_counter.py": (
            FIXTURES / "exercism_wrong" / "tally-counter" / "integer_average.py"
        ).read_text(),
        "tally_counter_test.py": (source / "tally_counter_test.py").read_text(),
    }
    code, body = _run(tmp_path, "tally-counter", files, "--curriculum", str(root))
    assert code == 0
    _shape(body)
    assert body["status"] == "fail"
    tasks = {t["name"]: t.get("task_id") for t in body["tests"]}
    assert tasks["test_starts_at_zero"] == 1 and tasks["test_average_per_hour"] == 3
    assert tasks["test_click_after_reset"] is None  # no task marker: not linked
    failed = {t["name"] for t in body["tests"] if t["status"] != "pass"}
    assert failed == {"test_average_per_hour", "test_average_of_thirds"}


@pytest.mark.parametrize("stdout", ["x" * 10, "y" * 2000])
def test_output_is_cut_at_500_characters(stdout: str) -> None:
    from pyroad.cli.run_tests import _output

    shown = _output(stdout)
    assert shown is not None
    assert shown == stdout if len(stdout) <= 500 else shown.startswith("y" * 500)
    assert len(stdout) <= 500 or "truncated" in shown
