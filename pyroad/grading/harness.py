"""The sandbox-side half of grading: run learner code, then observe each probe.

This module runs *inside* the sandbox, next to hostile code, so nothing it reports is
trusted. It never sees expected values: it only records what each probe observed
(a value, an exception, printed output) and streams one JSON line per probe to the
result channel. The trusted side (``pyroad.grading.compare``) decides pass or fail.

It imports only the standard library so it can be pre-imported by a warm fork-server,
and it must not import anything from ``pyroad`` (the package may not be visible).
"""

from __future__ import annotations

import ast
import contextlib
import enum
import io
import json
import linecache
import math
import os
import shlex
import subprocess
import sys
import traceback
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

LEARNER_FILENAME = "solution.py"
PROBE_FILENAME = "<test>"
MAX_NODES = 5_000
MAX_STR = 20_000
MAX_STDOUT = 16_384

Encoded = Any


# --------------------------------------------------------------------------- encoding


def encode(value: object) -> Encoded:
    """Turn a Python value into a tagged JSON tree that keeps types exact (tuple vs list)."""
    budget = [MAX_NODES]
    return _encode(value, budget, 0)


def _encode(value: Any, budget: list[int], depth: int) -> Encoded:
    budget[0] -= 1
    if budget[0] < 0 or depth > 40:
        return ["trunc"]
    kind = type(value)
    if value is None:
        return ["none"]
    if kind is bool:
        return ["bool", bool(value)]
    if kind is int:
        number = int(value)
        # Very large ints go as text: JSON parsers may lose precision.
        return ["int", str(number)] if abs(number) > 2**53 else ["int", number]
    if kind is float:
        real = float(value)
        if math.isnan(real) or math.isinf(real):
            return ["float", repr(real)]
        return ["float", real]
    if kind is str:
        text = str.__str__(value)
        return ["str", text[:MAX_STR]] if len(text) <= MAX_STR else ["trunc"]
    if kind is bytes:
        data = bytes(value)
        return ["bytes", data[:MAX_STR].hex()]
    if isinstance(value, enum.Enum):
        # Members carry only private attributes: compare them by their repr, never as equal objects.
        return ["repr", type(value).__qualname__, _safe_repr(value)]
    if isinstance(value, (list, tuple)):
        # Subclasses (namedtuple, UserList-likes) compare as their base, as == does in Python.
        # The base class's own iterator: a hostile subclass's __iter__ is never called.
        if isinstance(value, list):
            return ["list", [_encode(item, budget, depth + 1) for item in list.__iter__(value)]]
        return ["tuple", [_encode(item, budget, depth + 1) for item in tuple.__iter__(value)]]
    if kind in (set, frozenset):
        encoded = [_encode(item, budget, depth + 1) for item in set(value)]
        return [kind.__name__, sorted(encoded, key=_sort_key)]
    if isinstance(value, dict):  # Counter, defaultdict, OrderedDict compare as dicts
        pairs = [
            [_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)]
            for k, v in dict.items(value)
        ]
        return ["dict", sorted(pairs, key=lambda pair: _sort_key(pair[0]))]
    return _encode_object(value, budget, depth)


def _encode_object(value: object, budget: list[int], depth: int) -> Encoded:
    """Other objects: dataclass-like attributes when there are any, else the repr."""
    name = type(value).__qualname__
    try:
        attributes = vars(value)
    except TypeError:
        attributes = None
    if isinstance(attributes, dict) and not isinstance(value, type):
        fields = [
            [str(key), _encode(item, budget, depth + 1)]
            for key, item in attributes.items()
            if isinstance(key, str) and not key.startswith("_")
        ]
        if fields:  # in definition order, as a dataclass prints them
            return ["obj", name, fields]
    return ["repr", name, _safe_repr(value)]


def _safe_repr(value: object) -> str:
    try:
        return repr(value)[:500]
    except Exception:  # a hostile __repr__ must not break observation
        return f"<{type(value).__qualname__}>"


def _sort_key(item: Encoded) -> str:
    return json.dumps(item, sort_keys=True)


# --------------------------------------------------------------------------- capture


_PRINTED = [0]  # characters printed by the run so far, kept or not


class _Capture(io.StringIO):
    """A stdout replacement that stops growing at a cap (the sandbox caps the rest)."""

    def write(self, text: str) -> int:
        _PRINTED[0] += len(text)
        if self.tell() < MAX_STDOUT:
            super().write(text[: MAX_STDOUT - self.tell()])
        return len(text)


@contextlib.contextmanager
def _captured(stdin_text: str = "") -> Iterator[_Capture]:
    capture = _Capture()
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout = sys.stderr = capture
    sys.stdin = io.StringIO(stdin_text)
    try:
        yield capture
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved


def _learner_traceback(error: BaseException) -> str:
    """The traceback trimmed to frames in the learner's own file (plus the error line)."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == LEARNER_FILENAME
    ]
    lines = traceback.format_list(frames) if frames else []
    lines += traceback.format_exception_only(type(error), error)
    return ("Traceback (most recent call last):\n" if frames else "") + "".join(lines)


def _exception_names(error: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(error).__mro__ if cls not in (object,)]


def _raised(error: BaseException) -> Encoded:
    try:
        message = str(error)[:500]
    except Exception:
        message = ""
    return ["raise", _exception_names(error), message]


# --------------------------------------------------------------------------- git mode


def _run_git(cwd: str, *args: str, allow_conflict: bool = False) -> str:
    """Run git; a non-zero exit raises with git's own words (stderr and stdout).

    ``allow_conflict``: a merge, cherry-pick or revert that stops on a conflict exits 1 but
    is a normal step of the learner's work (resolve, add, commit), so it does not raise.
    """
    completed = subprocess.run(
        ["git", *args],  # noqa: S607 - git is found on the sandbox's fixed PATH
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if completed.returncode != 0:
        if allow_conflict and "CONFLICT" in completed.stdout:
            return completed.stdout
        streams = (completed.stderr, completed.stdout)
        said = "\n".join(part.strip() for part in streams if part.strip())
        raise GitCommandError(
            f"git {shlex.join(args)} failed (exit {completed.returncode}): {said or 'no message'}"
        )
    return completed.stdout


class GitCommandError(Exception):
    """A git command in the learner's script (or a probe) exited non-zero."""

    __module__ = "builtins"  # learners read "GitCommandError: …", not a module path


class LearnerScriptError(Exception):
    """A line of a git exercise's script that is not an allowed command."""

    __module__ = "builtins"


def run_git_script(script: str, repo: str) -> str:
    """Run a learner's git script line by line, without a shell.

    Allowed: ``git …``, ``echo TEXT > FILE`` / ``>> FILE``, ``rm FILE``, ``mkdir DIR``,
    ``cat FILE``. Anything else is refused with the line number, so a learner gets a
    precise message instead of a shell surprise.
    """
    output: list[str] = []
    for number, raw in enumerate(script.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise LearnerScriptError(f"line {number}: cannot parse {line!r}: {error}") from None
        if not words:
            continue
        command, args = words[0], words[1:]
        # A transcript, as a terminal would show it: the learner sees what each line did.
        print(f"$ {line}")
        try:
            said = _run_script_line(repo, number, command, args)
        except OSError as error:
            raise LearnerScriptError(
                f"line {number}: {command}: {error.strerror or error}"
            ) from None
        print(said, end="" if not said or said.endswith("\n") else "\n")
        output.append(said)
    return "".join(output)


def _run_script_line(repo: str, number: int, command: str, args: list[str]) -> str:
    """One allowed line of a git exercise's script; returns what it printed."""
    if command == "git":
        try:
            return _run_git(repo, *args, allow_conflict=True)
        except GitCommandError as error:
            raise GitCommandError(f"line {number}: {error}") from None
    if command == "echo" and len(args) >= 2 and args[-2] in (">", ">>"):
        mode = "a" if args[-2] == ">>" else "w"
        with open(_inside(repo, args[-1], number), mode, encoding="utf-8") as handle:  # noqa: PTH123
            handle.write(" ".join(args[:-2]) + "\n")
        return ""
    names = [name for name in args if not (command == "mkdir" and name == "-p")]
    options = [name for name in names if name.startswith("-")]
    if options:
        raise LearnerScriptError(
            f"line {number}: {command} takes only file names here, not {options[0]!r}"
        )
    if command == "rm" and names:
        for name in names:
            os.remove(_inside(repo, name, number))  # noqa: PTH107
        return ""
    if command == "mkdir" and names:
        for name in names:
            os.makedirs(_inside(repo, name, number), exist_ok=True)  # noqa: PTH103
        return ""
    if command == "cat" and len(names) == 1:
        with open(_inside(repo, names[0], number), encoding="utf-8") as handle:  # noqa: PTH123
            return handle.read()
    raise LearnerScriptError(
        f"line {number}: {command!r} is not allowed here; use git commands, "
        "echo TEXT > FILE, rm FILE, mkdir DIR or cat FILE"
    )


def _inside(repo: str, name: str, number: int) -> str:
    path = os.path.normpath(os.path.join(repo, name))  # noqa: PTH118
    if not path.startswith(repo + os.sep) and path != repo:
        raise LearnerScriptError(f"line {number}: {name!r} is outside the repository")
    return path


# --------------------------------------------------------------------------- probes


def _split_probe(code: str) -> tuple[types.CodeType | None, types.CodeType | None]:
    """Compile a probe into (statements, final expression); either may be missing."""
    tree = ast.parse(code, PROBE_FILENAME, "exec")
    last = tree.body[-1] if tree.body else None
    body = tree.body[:-1] if isinstance(last, ast.Expr) else tree.body
    statements = compile(
        ast.Module(body=body, type_ignores=[]), PROBE_FILENAME, "exec", dont_inherit=True
    )
    expression = (
        compile(ast.Expression(body=last.value), PROBE_FILENAME, "eval", dont_inherit=True)
        if isinstance(last, ast.Expr)
        else None
    )
    return statements, expression


def _remember_source(source: str) -> None:
    """Let tracebacks quote the learner's lines (the file exists only in memory)."""
    linecache.cache[LEARNER_FILENAME] = (
        len(source),
        None,
        source.splitlines(True),
        LEARNER_FILENAME,
    )


def _load_module(source: str, name: str) -> types.ModuleType:
    _remember_source(source)
    module = types.ModuleType(name)
    module.__file__ = LEARNER_FILENAME
    sys.modules[name] = module
    code = _compile_learner(source)
    exec(code, module.__dict__)  # noqa: S102 - this is the point: run learner code, sandboxed
    return module


def _compile_learner(source: str) -> types.CodeType:
    # dont_inherit: this module's own `from __future__ import annotations` must not leak into
    # the learner's code (it would turn their annotations into strings, which breaks
    # SQLAlchemy's `Mapped[int]` and anything else that reads annotations at run time).
    return compile(source, LEARNER_FILENAME, "exec", dont_inherit=True)


def _program_runner(source: str) -> Callable[..., str]:
    _remember_source(source)
    code = _compile_learner(source)

    def run_program(stdin: str = "") -> str:
        """Run the learner's file as a script with ``stdin``; return what it printed."""
        # A real module as __main__, as `python file.py` gives: libraries that look up
        # sys.modules[cls.__module__] (dataclasses, SQLAlchemy, pickle) find the script's names.
        script = types.ModuleType("__main__")
        script.__file__ = LEARNER_FILENAME
        previous = sys.modules.get("__main__")
        sys.modules["__main__"] = script
        try:
            with _captured(stdin) as capture, contextlib.suppress(SystemExit):
                exec(code, script.__dict__)  # noqa: S102 - learner code, sandboxed
        finally:
            if previous is not None:
                sys.modules["__main__"] = previous
        return capture.getvalue()

    return run_program


def run_job(job: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> None:
    """Run one grading job and ``emit`` one event per probe, then a final event.

    ``job``: ``kind`` (module | program | git), ``code`` (learner source),
    ``setup`` (probe prelude), ``tests`` (list of ``{name, code}``), ``workdir``.
    """
    kind = job.get("kind", "module")
    workdir = job.get("workdir") or str(Path.cwd())
    emit = _flag_overflow(emit, int(job.get("max_output") or 0))
    os.chdir(workdir)
    namespace: dict[str, Any] = {"__name__": "__probe__"}
    try:
        with _captured() as capture:
            if kind == "module":
                namespace["solution"] = _load_module(job["code"], "solution")
            elif kind == "program":
                _compile_learner(job["code"])  # report syntax errors up front
                namespace["run_program"] = _program_runner(job["code"])
            elif kind == "git":
                namespace.update(git=lambda *args: _run_git(workdir, *args), repo=workdir)
                exec(job.get("setup_repo", ""), dict(namespace))  # noqa: S102 - exercise's own setup
                namespace["script_output"] = run_git_script(job["code"], workdir)
            namespace["read_text"] = lambda path: open(path, encoding="utf-8").read()  # noqa: PTH123, SIM115
            if job.get("setup"):
                # The tests' setup imports the learner's names: a missing one is the learner's
                # error, reported like any other failure to load.
                exec(compile(job["setup"], PROBE_FILENAME, "exec", dont_inherit=True), namespace)  # noqa: S102
    except BaseException as error:
        emit(
            {
                "event": "load_error",
                "error": _raised(error),
                "traceback": _learner_traceback(error),
                "stdout": capture.getvalue(),
            }
        )
        return
    emit({"event": "loaded", "stdout": capture.getvalue()})
    for test in job["tests"]:
        emit(_run_probe(test, namespace))
    emit({"event": "done"})


def _flag_overflow(
    emit: Callable[[dict[str, Any]], None], max_output: int
) -> Callable[[dict[str, Any]], None]:
    """Mark events once the run printed more than ``max_output`` characters in total.

    Prints are captured in memory and truncated, so without this flag a solution that
    prints 100 MB would pass unnoticed; the trusted side turns the flag into output-limit.
    """
    if max_output <= 0:
        return emit

    def flagged(event: dict[str, Any]) -> None:
        if _PRINTED[0] > max_output:
            event["overflow"] = True
        emit(event)

    return flagged


def _run_probe(test: dict[str, str], namespace: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = {"event": "test", "name": test["name"]}
    statements, expression = _split_probe(test["code"])
    with _captured() as capture:
        try:
            if statements is not None:
                exec(statements, namespace)  # noqa: S102
            value = eval(expression, namespace) if expression else None  # noqa: S307
            event["observed"] = encode(value)
        except BaseException as error:
            event["observed"] = _raised(error)
            event["traceback"] = _learner_traceback(error)
    event["stdout"] = capture.getvalue()
    return event


def main(stdin: TextIO, result: TextIO) -> None:
    """Entry point: a job as JSON on ``stdin``, JSON lines on ``result``."""
    job = json.loads(stdin.read())

    def emit(event: dict[str, Any]) -> None:
        result.write(json.dumps(event) + "\n")
        result.flush()

    run_job(job, emit)


if __name__ == "__main__":
    # The result channel's fd comes as an argument: the sandbox's environment is empty.
    result_fd = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with os.fdopen(result_fd, "w", encoding="utf-8") as channel:
        main(sys.stdin, channel)
    sys.stdout.flush()
    os._exit(0)
