"""`pyroad curriculum import --format exercism`: on exercises written in Exercism's layout for
these tests (tests/fixtures/exercism, not Exercism's content) the imported exercises pass
`curriculum check`, and on every known-wrong solution pyroad's verdict agrees with pytest run
on the original test file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.check import run_check
from pyroad.curriculum.importers.pipeline import import_exercism
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.grader import Grader, Verdict
from pyroad.grading.sandbox import Sandbox

FIXTURES = Path(__file__).parents[1] / "fixtures"
SOURCES = FIXTURES / "exercism"
WRONG = FIXTURES / "exercism_wrong"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("imported") / "curriculum"
    results = import_exercism(SOURCES, root / "01-imported", Grader(sandbox), concepts=["io"])
    assert [r.line() for r in results if not r.ok] == []
    yield root


def test_imported_exercises_pass_the_whole_check(imported: Path, sandbox: Sandbox) -> None:
    report = run_check(imported, Grader(sandbox), mutate=True)
    assert report.all_problems() == []
    assert report.mutation_line is not None and "100.0% killed" in report.mutation_line
    catalog, _ = load_catalog(imported)
    assert {e.slug for e in catalog.exercises} == {"shelf-label", "tally-counter", "ticket-queue"}
    # A concept exercise's layout: empty file lists (the usual names), an exemplar, the
    # imports inside try/except ImportError, pytest-style functions with task marks.
    queue = catalog.exercise("ticket-queue")
    assert queue is not None and "from solution import" in queue.setup
    assert "def test_" not in queue.setup  # every test translated: none kept as code


def test_untranslatable_tests_run_in_the_sandbox_marked_forgeable(imported: Path) -> None:
    folder = imported / "01-imported" / "exercises" / "tally-counter"
    meta = tomllib.loads((folder / "exercise.toml").read_text())
    tests = tomllib.loads((folder / "tests.toml").read_text())
    forgeable = [t["name"] for t in tests["test"] if t.get("forgeable")]
    # assertAlmostEqual and a TestCase with setUp: kept as test code, counted.
    assert forgeable == [
        "test_average_per_hour",
        "test_average_of_thirds",
        "test_click_after_reset",
        "test_reset_twice",
    ]
    assert meta["import"] == {
        "format": "exercism",
        "source": "tally-counter",
        "translated": 8,
        "forgeable": 4,
        "authors": ["pyroad-tests"],
    }
    assert all(t["code"].startswith("run_unittest(") for t in tests["test"] if t.get("forgeable"))
    # Translated tests' expected values stay out of the sandbox: not in the setup's class.
    assert "test_starts_where_told" not in tests["setup"] and "40" not in tests["setup"]
    assert {t["name"]: t.get("task") for t in tests["test"]}["test_reset"] == 3
    shelf = tomllib.loads((folder.parent / "shelf-label" / "tests.toml").read_text())
    assert not any(t.get("forgeable") for t in shelf["test"])
    # A one-call assertion is a probe of that call; expected values are not in its code.
    first = shelf["test"][0]
    assert first["code"].strip() == "shelf_label('poetry', 12)" and first.get("visible")
    assert "Poetry: 12 books" not in (folder.parent / "shelf-label" / "tests.toml").read_text()
    hidden = sum(1 for t in shelf["test"] if not t.get("visible"))
    assert 3 * hidden >= len(shelf["test"])


def _pytest_passes(source: Path, code: str, tmp: Path) -> bool:
    """Run pytest on the original test file with ``code`` as the solution module."""
    config = json.loads((source / ".meta" / "config.json").read_text())
    module = source.name.replace("-", "_")
    work = tmp / source.name
    shutil.copytree(source, work)
    (work / (config["files"]["solution"] or [f"{module}.py"])[0]).write_text(code)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore",
         (config["files"]["test"] or [f"{module}_test.py"])[0]],
        cwd=work, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.returncode == 0


@pytest.mark.parametrize("slug", ["shelf-label", "tally-counter", "ticket-queue"])
def test_verdict_agrees_with_pytest_on_the_original_tests(
    imported: Path, sandbox: Sandbox, slug: str, tmp_path: Path
) -> None:
    catalog, _ = load_catalog(imported)
    exercise = catalog.exercise(slug)
    assert exercise is not None
    source = SOURCES / slug
    solutions = {
        "example": exercise.solution,
        "stub": exercise.starter,
        **{path.stem: path.read_text() for path in sorted((WRONG / slug).glob("*.py"))},
    }
    assert len(solutions) >= 7
    grader = Grader(sandbox)
    verdicts = {}
    for name, code in solutions.items():
        passed = grader.grade(exercise, code).verdict is Verdict.PASSED
        expected = _pytest_passes(source, code, tmp_path / name)
        verdicts[name] = (passed, expected)
    assert {name: ours for name, (ours, _) in verdicts.items()} == {
        name: theirs for name, (_, theirs) in verdicts.items()
    }
    assert verdicts["example"] == (True, True)
    assert sum(1 for ours, _ in verdicts.values() if not ours) == len(solutions) - 1


def _exercise(root: Path, slug: str = "tiny-sum", test: str = "", example: str = "") -> Path:
    folder = root / slug
    (folder / ".docs").mkdir(parents=True)
    (folder / ".meta").mkdir()
    (folder / ".docs" / "instructions.md").write_text("# Instructions\n\nAdd two numbers.\n")
    config = {
        "files": {
            "solution": ["tiny_sum.py"],
            "test": ["tiny_sum_test.py"],
            "example": [".meta/example.py"],
        }
    }
    (folder / ".meta" / "config.json").write_text(json.dumps(config))
    (folder / ".meta" / "example.py").write_text(example or "def add(a, b):\n    return a + b\n")
    (folder / "tiny_sum.py").write_text("def add(a, b):\n    pass\n")
    (folder / "tiny_sum_test.py").write_text(
        test
        or "import unittest\nfrom tiny_sum import add\n\n\nclass AddTest(unittest.TestCase):\n"
        "    def test_small(self):\n        self.assertEqual(add(1, 2), 3)\n"
        "    def test_zero(self):\n        self.assertEqual(add(0, 0), 0)\n"
        "    def test_negative(self):\n        self.assertEqual(add(-4, 1), -3)\n"
    )
    return folder


TEST_HEAD = "import unittest\nfrom tiny_sum import add\n"
BAD_TESTS = {
    "network": (
        TEST_HEAD + "import socket\n\n\nclass T(unittest.TestCase):\n"
        "    def test_a(self):\n        self.assertEqual(add(1, 1), 2)\n",
        "imports socket (network)",
    ),
    "file-system": (
        TEST_HEAD + "from pathlib import Path\n\n\nclass T(unittest.TestCase):\n"
        "    def test_a(self):\n        self.assertEqual(add(1, 1), 2)\n",
        "imports pathlib (file system)",
    ),
    "open": (
        TEST_HEAD + "\n\nclass T(unittest.TestCase):\n    def test_a(self):\n"
        "        self.assertEqual(add(1, 1), int(open('n.txt').read()))\n",
        "opens a file",
    ),
    "syntax": (TEST_HEAD + "class T(unittest.TestCase:\n    pass\n", "does not parse"),
    "empty": (TEST_HEAD + "\n\nclass Helper:\n    x = 1\n", "no test methods"),
    "fixture": (
        TEST_HEAD + "\n\ndef test_a(tmp_path):\n    assert add(len(str(tmp_path)), 0) > 0\n",
        "uses pytest fixtures (tmp_path)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TESTS))
def test_bad_test_files_are_refused_with_the_reason(
    case: str, tmp_path: Path, sandbox: Sandbox
) -> None:
    test, reason = BAD_TESTS[case]
    _exercise(tmp_path / "src", test=test)
    [result] = import_exercism(tmp_path / "src", tmp_path / "cur" / "01-x", Grader(sandbox),
                               concepts=["io"], mutate=False)  # fmt: skip
    assert reason in result.refused
    assert not (tmp_path / "cur" / "01-x" / "exercises" / "tiny-sum").exists()


def test_malformed_folders_and_a_wrong_example_are_refused(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    grader = Grader(sandbox)
    src = tmp_path / "src"
    broken = _exercise(src, "bad-config")
    (broken / ".meta" / "config.json").write_text("{not json")
    missing = _exercise(src, "no-test-file")
    (missing / "tiny_sum_test.py").unlink()
    _exercise(src, "wrong-example", example="def add(a, b):\n    return a - b\n")
    _exercise(src, "fine-one")
    results = {
        r.slug: r
        for r in import_exercism(
            src, tmp_path / "cur" / "01-x", grader, concepts=["io"], mutate=False
        )
    }
    assert "invalid JSON" in results["bad-config"].refused
    assert (
        "files.test names 'tiny_sum_test.py', which is missing" in results["no-test-file"].refused
    )
    assert "does not pass the original tests" in results["wrong-example"].refused
    assert "test_small" in results["wrong-example"].refused
    assert results["fine-one"].ok, results["fine-one"].problems
    again = import_exercism(src / "fine-one", tmp_path / "cur" / "01-x", grader,
                            concepts=["io"], mutate=False)  # fmt: skip
    assert "already exists" in again[0].refused


def test_import_command_reports_counts_and_exit_codes(tmp_path: Path) -> None:
    get_settings.cache_clear()
    runner = CliRunner()
    dest = tmp_path / "cur" / "07-imported"
    done = runner.invoke(
        app, ["curriculum", "import", "--format", "exercism", str(SOURCES / "tally-counter"),
              str(dest), "--no-mutate"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "tally-counter: 12 tests, 8 translated into probes, 4 run as test code" in done.output
    assert "imported 1 of 1 exercise(s)" in done.output
    assert (dest / "step.toml").exists() and (dest / "exercises" / "tally-counter").is_dir()
    other = runner.invoke(app, ["curriculum", "import", "--format", "gitlab", "a", "b"])
    assert other.exit_code == 2 and "supported: exercism" in other.output
    not_step = runner.invoke(
        app, ["curriculum", "import", str(SOURCES), str(tmp_path / "imported")]
    )
    assert not_step.exit_code == 1 and "DEST is a step folder" in not_step.output
