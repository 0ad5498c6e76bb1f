"""A wrong solution cannot forge a pass: the trusted side compares, the child only observes."""

from __future__ import annotations

import hashlib
import textwrap

import pytest

from pyroad.grading.grader import Grader, Verdict
from tests.security.conftest import ADD_PROBES, REFERENCE_MARKER, grade

pytestmark = pytest.mark.timeout(60)

WRONG = "\ndef add(a, b):\n    return a - b\n"


def src(*parts: str) -> str:
    """Join snippets written at different indentations into one module."""
    return "\n".join(textwrap.dedent(part) for part in parts)


def _forged_stream(observed: str = '["int", 5]') -> str:
    """Python that builds a complete, well-formed stream claiming ``observed`` for every probe."""
    return f"""
    import json
    names = [f"probe {{n}}" for n in range(1, {len(ADD_PROBES) + 1})]
    lines = [json.dumps({{"event": "loaded", "stdout": ""}})]
    lines += [json.dumps({{"event": "test", "name": name, "observed": {observed}, "stdout": ""}})
              for name in names]
    lines.append(json.dumps({{"event": "done"}}))
    FORGED = ("\\n".join(lines) + "\\n").encode()
    """


def test_print_fake_results(grader: Grader) -> None:
    code = src(_forged_stream(), "print(FORGED.decode())\n", WRONG)
    report = grade(grader, code)
    assert report.verdict is Verdict.FAILED


def test_fake_json_lines_on_every_descriptor(grader: Grader) -> None:
    code = src(
        _forged_stream(),
        """
        import os
        for fd in range(21):
            try:
                os.write(fd, FORGED)
            except OSError:
                pass
        """,
        WRONG,
    )
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR


def test_complete_forged_stream_then_exit(grader: Grader) -> None:
    """The most a forger can do: a well-formed stream with guessed values (the example's)."""
    code = src(_forged_stream(), "import os\nos.write(3, FORGED)\nos._exit(0)\n")
    report = grade(grader, code)
    assert report.verdict is Verdict.FAILED
    assert report.passed_count == 1  # only the statement's own example was guessable


def test_forged_stream_with_a_huge_or_deep_observation(grader: Grader) -> None:
    code = """
    import os
    deep = b"[" * 200000 + b"]" * 200000
    os.write(3, b'{"event": "loaded", "stdout": ""}\\n')
    os.write(3, b'{"event": "test", "name": "probe 1", "observed": ' + deep + b', "stdout": ""}\\n')
    os._exit(0)
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR


@pytest.mark.parametrize("call", ["sys.exit(0)", "os._exit(0)", "raise SystemExit(0)"])
def test_exit_early(grader: Grader, call: str) -> None:
    report = grade(grader, src(f"import os, sys\n{call}\n", WRONG))
    assert report.verdict is Verdict.ERROR


def test_exit_inside_the_function(grader: Grader) -> None:
    code = """
    import sys

    def add(a, b):
        sys.exit(0)
    """
    report = grade(grader, code)
    # Every probe raised (SystemExit): the learner's code errs, it does not pass.
    assert report.verdict is Verdict.ERROR


@pytest.mark.parametrize(
    "exception", ["KeyboardInterrupt", "SystemExit", "GeneratorExit", "Custom"]
)
def test_raise_base_exceptions(grader: Grader, exception: str) -> None:
    code = f"""
    class Custom(BaseException):
        pass

    def add(a, b):
        raise {exception}()

    raise {exception}()
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR


def test_raise_base_exceptions_in_every_probe(grader: Grader) -> None:
    code = """
    def add(a, b):
        raise KeyboardInterrupt
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR  # an exception in every probe


def test_monkeypatch_the_harness(grader: Grader) -> None:
    code = src(
        """
        import sys
        harness = sys.modules["harness"]
        harness.encode = lambda value: ["int", 5]
        harness._run_probe = lambda test, namespace: {
            "event": "test", "name": test["name"], "observed": ["int", 5], "stdout": ""}
        """,
        WRONG,
    )
    report = grade(grader, code)
    assert report.verdict is Verdict.FAILED


def test_monkeypatch_json_and_emit(grader: Grader) -> None:
    code = """
    import gc, json, sys

    real_dumps = json.dumps

    def dumps(event, *args, **kwargs):
        if isinstance(event, dict) and event.get("event") == "test":
            event = dict(event, observed=["bool", True])
        return real_dumps(event, *args, **kwargs)

    json.dumps = dumps
    for module in list(sys.modules.values()):
        if getattr(module, "dumps", None) is real_dumps:
            module.dumps = dumps
    for obj in gc.get_objects():  # rebind closures that captured json.dumps
        closure = getattr(obj, "__closure__", None)
        if getattr(obj, "__name__", "") in ("emit", "flagged") and closure:
            for cell in closure:
                if cell.cell_contents is real_dumps:
                    cell.cell_contents = dumps
    """
    code = src(code, WRONG)
    report = grade(grader, code)
    assert report.verdict is Verdict.FAILED


def test_read_the_probes_and_echo_expectations(grader: Grader) -> None:
    """The learner finds the hidden probes through frames and gc, but no expected values."""
    code = """
    import gc, sys

    def find_expectations():
        found = []
        frame = sys._getframe()
        while frame is not None:
            for value in frame.f_locals.values():
                if isinstance(value, dict) and ("expected" in value or "expectations" in value):
                    found.append(value)
            frame = frame.f_back
        for obj in gc.get_objects():
            if isinstance(obj, dict) and "tests" in obj and "code" in obj:
                found.append(obj)  # the job: probes, no expectations
            if isinstance(obj, dict) and ("expected" in obj or "want" in obj):
                found.append(obj)
        return found

    LEAKS = find_expectations()

    def add(a, b):
        for leak in LEAKS:
            for key in ("expected", "want", "expectations"):
                if key in leak:
                    return leak[key]
        return a - b
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.FAILED


def test_reference_solution_never_enters_a_learner_run(grader: Grader) -> None:
    """Scan every object and all readable memory of the run for the reference's marker.

    The learner knows the marker's shape and its hash, not its value, so whatever it finds
    in memory is a genuine leak of the reference solution, not its own search string.
    """
    prefix, token = REFERENCE_MARKER[:15], REFERENCE_MARKER[15:]
    assert len(token) == 16
    digest = hashlib.sha256(REFERENCE_MARKER.encode()).hexdigest()
    code = f"""
    import gc, hashlib, re

    PATTERN = re.compile({prefix.encode()!r} + rb"[0-9a-f]{{16}}")
    DIGEST = {digest!r}

    def found(data):
        return any(hashlib.sha256(m.group()).hexdigest() == DIGEST for m in PATTERN.finditer(data))

    def leaked():
        for obj in gc.get_objects():
            if isinstance(obj, str) and found(obj.encode(errors="ignore")):
                return True
        with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
            for line in maps:
                span, perms = line.split()[:2]
                if not perms.startswith("r"):
                    continue
                start, end = (int(x, 16) for x in span.split("-"))
                try:
                    mem.seek(start)
                    if found(mem.read(min(end - start, 64 << 20))):
                        return True
                except (OSError, ValueError, OverflowError):
                    pass
        return False

    LEAKED = leaked()

    def add(a, b):
        return a + b if LEAKED else a - b
    """
    for _ in range(4):  # the reference ran on one of the slots: try both
        report = grade(grader, code, time_s=5.0)
        assert report.verdict is Verdict.FAILED


def test_hardcode_the_statements_example(grader: Grader) -> None:
    report = grade(grader, "def add(a, b):\n    return 5\n")
    assert report.verdict is Verdict.FAILED
    assert report.passed_count == 1


def test_close_or_replace_the_result_channel(grader: Grader) -> None:
    code = src(
        _forged_stream(),
        """
        import os
        r, w = os.pipe()
        os.dup2(w, 3)            # the harness now writes into a pipe nobody reads
        os.write(w, FORGED)
        """,
        WRONG,
    )
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR


def test_garbage_then_a_partial_line(grader: Grader) -> None:
    code = 'import os\nos.write(3, b\'not json\\n{"event": "lo\')\nos._exit(0)\n'
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR


def test_flood_the_result_channel(grader: Grader) -> None:
    code = src("import os\nos.write(3, b'x' * (64 << 20))\n", WRONG)
    report = grade(grader, code, memory_mb=256, time_s=5.0)
    assert report.verdict is Verdict.OUTPUT_LIMIT
