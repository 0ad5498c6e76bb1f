"""The sandbox-side harness, run in-process: what learner code sees when it is loaded."""

from __future__ import annotations

from typing import Any

from pyroad.grading.harness import run_job


def _run(kind: str, code: str, *tests: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    job = {"kind": kind, "code": code, "tests": [{"name": t, "code": t} for t in tests]}
    run_job(job, events.append)
    return events


def test_learner_annotations_are_not_strings(tmp_path: Any, monkeypatch: Any) -> None:
    # The harness module uses `from __future__ import annotations`; the learner's code must
    # not inherit it, or runtime readers of annotations (SQLAlchemy's Mapped) break.
    monkeypatch.chdir(tmp_path)
    code = "def handler(limit: int) -> int:\n    return limit\n"
    events = _run("module", code, "solution.handler.__annotations__['limit'] is int")
    assert events[-2]["observed"] == ["bool", True]


def test_a_script_runs_as_a_real_main_module(tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    code = (
        "import sys\n"
        "from dataclasses import dataclass\n"
        "@dataclass\n"
        "class Order:\n"
        "    total: 'int'\n"
        "print(sys.modules[Order.__module__].Order is Order, Order(3))\n"
    )
    events = _run("program", code, "run_program()")
    assert events[-2]["observed"] == ["str", "True Order(total=3)\n"]
