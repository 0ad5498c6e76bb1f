"""A grade report as stored: every field of every test, the status as its value, and a
copy of the diff (the stored JSON never shares a dict with the report)."""

from __future__ import annotations

from dataclasses import asdict

from pyroad.grading import grader
from pyroad.grading.grader import GradeReport, Verdict
from pyroad.submissions.services import report_to_json


def test_each_test_is_stored_with_all_its_fields() -> None:
    diff = {"expected": "GET /a", "got": "GET /b", "at": 5}
    tests = [
        grader.TestResult("parses", grader.TestStatus.PASSED, shows="`parse('GET /')`"),
        grader.TestResult(
            "status", grader.TestStatus.FAILED, "wrong", "out", "tb", False, "shows", diff
        ),
        grader.TestResult("hidden-1", grader.TestStatus.ERROR, hidden=True),
    ]
    stored = report_to_json(GradeReport(Verdict.FAILED, tests, summary="1 of 3"))
    # asdict is the oracle: a field added to TestResult is stored without touching this test
    assert stored["tests"] == [{**asdict(t), "status": t.status.value} for t in tests]
    assert stored["tests"][1]["diff"] is not diff
    assert (stored["verdict"], stored["summary"]) == ("failed", "1 of 3")
