"""How the Exercism importer turns assertions into probes (read only; nothing is run)."""

from __future__ import annotations

import json
from pathlib import Path

from pyroad.curriculum.importers.exercism import read_exercise

HEAD = "import unittest\nfrom clocks import Clock, tick\n\n\nclass ClockTest(unittest.TestCase):\n"


def _read(tmp_path: Path, body: str) -> dict[str, tuple[str, bool]]:
    folder = tmp_path / "clocks"
    (folder / ".docs").mkdir(parents=True)
    (folder / ".meta").mkdir()
    (folder / ".docs" / "instructions.md").write_text("# Instructions\n\nTick.\n")
    (folder / ".meta" / "config.json").write_text(json.dumps({"files": {}}))
    (folder / ".meta" / "example.py").write_text("def tick(n):\n    return n + 1\n")
    (folder / "clocks.py").write_text("def tick(n):\n    pass\n")
    (folder / "clocks_test.py").write_text(HEAD + body)
    imported = read_exercise(folder)
    return {test.name: (test.code.strip(), test.forgeable) for test in imported.tests}


def test_assertions_record_the_value_under_test(tmp_path: Path) -> None:
    tests = _read(
        tmp_path,
        "    def test_one_call(self):\n        self.assertEqual(tick(1), 2)\n"
        "    def test_named_expected(self):\n        expected = [2, 3]\n"
        "        self.assertEqual([tick(1), tick(2)], expected)\n"
        "    def test_objects(self):\n        self.assertEqual(Clock(1, 0), Clock(0, 60))\n"
        "    def test_table(self):\n        for given, want in [(1, 2), (5, 6)]:\n"
        "            with self.subTest(given=given):\n"
        "                self.assertEqual(tick(given), want, msg='no')\n"
        "    def test_raises(self):\n        with self.assertRaises(ValueError) as err:\n"
        "            tick(-1)\n        self.assertEqual(err.exception.args[0], 'negative')\n"
        "    def test_almost(self):\n        self.assertAlmostEqual(tick(0.5), 1.5)\n",
    )
    assert tests["test_one_call"] == ("tick(1)", False)
    named = tests["test_named_expected"][0]
    assert "_observed.append([tick(1), tick(2)])" in named and "expected)" not in named
    # Two computed values: the test's own == decides (the learner's __eq__ is what it checks).
    assert tests["test_objects"] == ("Clock(1, 0) == Clock(0, 60)", False)
    table = tests["test_table"][0]
    assert "_observed.append(tick(given))" in table and "subTest" not in table
    raised = tests["test_raises"][0]
    assert "except ValueError as _pyroad_raised:" in raised
    assert "_observed.append(err.exception.args[0])" in raised and "'negative'" not in raised
    assert tests["test_almost"] == ("run_unittest(ClockTest, 'test_almost')", True)


def test_a_class_with_set_up_runs_as_test_code(tmp_path: Path) -> None:
    tests = _read(
        tmp_path,
        "    def setUp(self):\n        self.start = 1\n"
        "    def test_from_start(self):\n        self.assertEqual(tick(self.start), 2)\n",
    )
    assert tests == {"test_from_start": ("run_unittest(ClockTest, 'test_from_start')", True)}
