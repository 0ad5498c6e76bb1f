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
import importlib
import inspect
import io
import json
import linecache
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import types
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

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
_OUTPUT_CAP = [0]  # the job's output limit in characters (0: none), set by run_job


class OutputLimitExceeded(BaseException):
    """Raised by a print once the run has printed more than its output limit.

    A print loop that never ends stops at once and is reported as output-limit, instead of
    holding a sandbox slot until the time limit and being reported as a timeout. A
    BaseException, so ``except Exception`` in learner code does not swallow it.
    """


class _Capture(io.StringIO):
    """A stdout replacement that stops growing at a cap (the sandbox caps the rest)."""

    def write(self, text: str) -> int:
        _PRINTED[0] += len(text)
        if self.tell() < MAX_STDOUT:
            super().write(text[: MAX_STDOUT - self.tell()])
        if _OUTPUT_CAP[0] and _PRINTED[0] > _OUTPUT_CAP[0]:
            raise OutputLimitExceeded(f"the program printed more than {_OUTPUT_CAP[0]} characters")
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
    """A command of a git exercise's script (not git itself) failed or does not exist."""

    __module__ = "builtins"


BASH = "/usr/bin/bash"
# What a learner's shell may run besides git (the sandbox binds these and, for git runs
# only, lets them be executed; echo, printf, cd, pwd and test are also bash built-ins).
SHELL_TOOLS = (
    BASH,
    "/usr/bin/ls",
    "/usr/bin/cat",
    "/usr/bin/cp",
    "/usr/bin/mv",
    "/usr/bin/rm",
    "/usr/bin/rmdir",
    "/usr/bin/mkdir",
    "/usr/bin/touch",
    "/usr/bin/head",
    "/usr/bin/tail",
    "/usr/bin/wc",
    "/usr/bin/grep",
    "/usr/bin/sort",
    "/usr/bin/printf",
)
MAX_FAILURE_OUTPUT = 2_000  # characters of a failing command's output quoted in the error
_KEYWORDS = frozenset({"if", "for", "while", "until", "case", "select", "function"})
_CONTINUATIONS = ("&&", "||", "|")
# The shell's loop: read one command (NUL-terminated) from its pipe, eval it in this shell
# (so cd, variables and functions carry over, as in a terminal), then write a marker with
# its exit status and the last simple command it ran (the DEBUG trap keeps it) to a copy
# of the output pipe, so the marker lands after everything the command printed.
# `exit` (or `set -e`) ends the shell: the EXIT trap writes the marker then.
_DRIVER = r"""
exec {{__pyroad_marks}}>&1
trap '__pyroad_last=$__pyroad_this __pyroad_this=$BASH_COMMAND' DEBUG
trap 'printf "\036{nonce} X %d %s\0" "$?" "$__pyroad_this" >&$__pyroad_marks' EXIT
while {{ IFS= read -r -d '' __pyroad_command <&{commands}; }} 2>/dev/null; do
    eval "$__pyroad_command"
    {{ __pyroad_status=$? __pyroad_failed=$__pyroad_last
      printf '\036{nonce} C %d %s\0' "$__pyroad_status" "$__pyroad_failed" >&$__pyroad_marks
    }} 2>/dev/null
done
"""
_EVAL_LINE = _DRIVER.splitlines().index('    eval "$__pyroad_command"') + 1  # bash counts from 1
_BASH_LINE = re.compile(r"(?m)^bash: (?:eval: )?line (\d+): ")
# With the learner's `set -x`, bash also traces this driver's eval and DEBUG trap: not shown.
_DRIVER_TRACE = re.compile(r"(?m)^(?:\+ eval .*|\++ __pyroad_\w+=.*)\n")


def run_git_script(script: str, repo: str, max_output: int = 0) -> str:
    """Run a learner's git exercise commands in bash, as typed in a terminal; return the output.

    Each command (a line, or several lines while a quote, a backslash, a trailing ``&&``/
    ``||``/``|``, a here-document or an ``if``/``for`` block continues it) runs in one
    persistent ``bash --noprofile --norc`` with a clean environment (HOME in the scratch
    space, no BASH_ENV, no job control, stdin empty), in the repository; the transcript
    shows ``$ command`` and then everything it printed, stdout and stderr in order.

    A command that fails (non-zero exit status) stops the script, and the error names its
    line. A terminal would go on, but every later command then runs on a state the learner
    did not intend (``git commit`` after a failed ``git add``), and the first failure is
    the one to fix: the rest of its output would only bury it. The repository is graded as
    before (a stopped script is an error, not a set of failed tests). A git command that
    stops on a merge conflict is not a failure: resolving it is the next step. ``exit``
    ends the script like in a script file (an error if its status is not 0).
    """
    commands = split_commands(script)
    if not commands:
        return ""
    home = tempfile.mkdtemp(prefix="home-")  # the sandbox's /tmp is the run's own tmpfs
    nonce = os.urandom(8).hex()
    output_read, output_write = os.pipe()
    command_read, command_write = os.pipe()
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "USER": "learner"}
    env.update(PWD=repo, TERM="dumb", SHELL=BASH)
    try:
        shell = subprocess.Popen(
            [BASH, "--noprofile", "--norc", "-c",
             _DRIVER.format(commands=command_read, nonce=nonce), "bash"],
            stdin=subprocess.DEVNULL,
            stdout=output_write,
            stderr=output_write,
            pass_fds=(command_read,),
            cwd=repo,
            env=env,
            start_new_session=True,  # its own process group: background jobs die with it
        )  # fmt: skip
    finally:
        os.close(output_write)
        os.close(command_read)
    reader = _MarkedReader(output_read, nonce.encode(), max_output or 1_000_000)
    outputs: list[str] = []
    try:
        for number, command in commands:
            print("$ " + command.replace("\n", "\n> "))
            try:
                os.write(command_write, command.encode("utf-8", "replace") + b"\0")
            except BrokenPipeError:  # the shell already ended (an earlier `exit`)
                break
            said, marker = reader.until_marker()
            # bash numbers its messages by the line of its own loop: name the learner's.
            said = _BASH_LINE.sub(partial(_learner_line, number), said)
            if "__pyroad_" in said:
                said = _DRIVER_TRACE.sub("", said)
            print(said, end="" if not said or said.endswith("\n") else "\n")
            outputs.append(said)
            if reader.over:
                _PRINTED[0] = max(_PRINTED[0], reader.limit + 1)  # flagged: output-limit
                raise LearnerScriptError(
                    f"line {number}: `{command}` printed more than the output limit"
                )
            if marker is None:  # the shell went away without a word
                raise LearnerScriptError(f"line {number}: `{command}` ended the shell{_why(shell)}")
            kind, status, failed = marker
            if status and not ("CONFLICT" in said and _first_word(failed) == "git"):
                raise _failure(number, command, failed, status, said)
            if kind == "X" and _why(shell):  # a signal (SIGXFSZ...) ended it
                raise LearnerScriptError(f"line {number}: `{command}` ended the shell{_why(shell)}")
            if kind == "X":
                break  # `exit 0`: the rest of the script is not run, as in a script file
    finally:
        os.close(command_write)
        _end_shell(shell)
        os.close(output_read)
        shutil.rmtree(home, ignore_errors=True)
    return "".join(outputs)


def _end_shell(shell: subprocess.Popen[bytes]) -> None:
    """Kill the shell and everything it started, before any probe looks at the repository.

    In the sandbox the harness is pid 1 of the run's own PID namespace, so every other
    process in it is the learner's: all are killed, a job that left the shell's process
    group too (``set -m`` gives each background job a group of its own), and reaped (killed
    orphans become our children).
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(shell.pid, signal.SIGKILL)
    if os.getpid() != 1:  # run in-process (tests): the process group is all we own
        shell.wait()
        return
    with contextlib.suppress(OSError):
        os.kill(-1, signal.SIGKILL)  # from pid 1: every process of the namespace but us
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid == shell.pid:
            shell.returncode = os.waitstatus_to_exitcode(status)


def _why(shell: subprocess.Popen[bytes]) -> str:
    """Why the shell ended ("" for `exit 0`); SIGXFSZ: a file grew past the size limit."""
    try:
        code = shell.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return ""
    if code >= 0:
        return f" (exit {code})" if code else ""
    if -code == signal.SIGXFSZ:
        return ": a file grew past the size limit"
    return f" (killed by {signal.Signals(-code).name})"


def _learner_line(number: int, found: re.Match[str]) -> str:
    return f"bash: line {number + int(found.group(1)) - _EVAL_LINE}: "


def _failure(number: int, command: str, failed: str, status: int, said: str) -> Exception:
    where = f"`{command}`"
    if failed and not failed.startswith('eval "$__pyroad_command"') and failed != command:
        where += f" stopped at `{failed}`"
    said = said.strip()
    if len(said) > MAX_FAILURE_OUTPUT:
        said = "…" + said[-MAX_FAILURE_OUTPUT:]
    message = f"line {number}: {where} failed (exit {status})" + (f": {said}" if said else "")
    if _first_word(failed or command) == "git":
        return GitCommandError(message)
    return LearnerScriptError(message)


def _first_word(command: str) -> str:
    """The program a simple command runs (after any ``NAME=value`` assignments)."""
    for word in command.split():
        name, equals, _ = word.partition("=")
        if not (equals and name.isidentifier()):
            return word
    return ""


class _MarkedReader:
    """Reads the shell's output pipe up to each command's end marker, under an output cap."""

    def __init__(self, fd: int, nonce: bytes, limit: int) -> None:
        self.fd, self.start, self.limit = fd, b"\036" + nonce + b" ", limit
        self.buffer = bytearray()
        self.searched = 0  # no marker starts before this offset: each byte is scanned once
        self.total = 0
        self.over = False

    def until_marker(self) -> tuple[str, tuple[str, int, str] | None]:
        """What the command printed, and (C | X, exit status, last simple command)."""
        while True:
            begin = self.buffer.find(self.start, self.searched)
            end = self.buffer.find(b"\0", begin) if begin >= 0 else -1
            if end >= 0:
                said = _text(self.buffer[:begin])
                fields = _text(self.buffer[begin + len(self.start) : end]).split(" ", 2)
                del self.buffer[: end + 1]
                self.searched = 0
                kind, status, failed = [*fields, "", ""][:3]
                return said, (kind, int(status) if status.isdigit() else 1, failed)
            self.searched = begin if begin >= 0 else max(0, len(self.buffer) - len(self.start))
            if self.total > self.limit:
                self.over = True
                return _text(self.buffer[: self.limit]), None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                said = _text(self.buffer)
                self.buffer.clear()
                return said, None
            self.total += len(chunk)
            self.buffer += chunk


def _text(data: bytes | bytearray) -> str:
    return data.decode("utf-8", "replace")


def split_commands(script: str) -> list[tuple[int, str]]:
    """The script's commands as typed: (first line number, text), comment lines left out.

    A command goes on to the next line while a quote is open, the line ends with a
    backslash or with ``&&``, ``||`` or ``|``, or (asked of bash itself, ``bash -n``) a
    here-document, a ``$(``/backquote, a bracket or an ``if``/``for``/``while``/``case``
    block is not finished yet: the same places where a terminal prompts with ``>``.
    """
    commands: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(script.replace("\0", "").splitlines(), start=1):
        if not pending:
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            start = number
            line = stripped
        pending.append(line)
        if not _continues("\n".join(pending)):
            commands.append((start, "\n".join(pending).rstrip()))
            pending = []
    if pending:  # an unfinished command at the end: bash will say what is missing
        commands.append((start, "\n".join(pending).rstrip()))
    return commands


def _continues(text: str) -> bool:
    """Whether a terminal would ask for another line to finish ``text``."""
    quote, outside, ask_bash, index = "", [], False, 0
    while index < len(text):
        char = text[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif quote:  # "..." or $'...': backslash escapes; $( and ` need bash's parser
            if char == "\\":
                index += 1
            elif char == quote[-1]:
                quote = ""
            elif quote == '"' and (char == "`" or text.startswith("$(", index)):
                ask_bash = True
        elif char == "\\":
            if index == len(text) - 1:
                return True  # a backslash at the very end continues the line
            index += 1
            outside.append(" ")
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n;&|()"):
            while index < len(text) and text[index] != "\n":
                index += 1
            continue
        elif char in "'\"":
            quote = "$'" if char == "'" and text[index - 1 : index] == "$" else char
        else:
            ask_bash = ask_bash or char in "(){}`" or text.startswith("<<", index)
            outside.append(char)
        index += 1
    words = "".join(outside).split()
    ask_bash = ask_bash or any(word in _KEYWORDS for word in words)
    if ask_bash:
        return _bash_says_unfinished(text)
    return bool(quote) or (bool(words) and words[-1].endswith(_CONTINUATIONS))


def _bash_says_unfinished(text: str) -> bool:
    """bash's own parser, without running anything: is ``text`` cut short?"""
    try:
        checked = subprocess.run(
            [BASH, "--noprofile", "--norc", "-n", "-c", text],
            capture_output=True,
            text=True,
            timeout=5,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    said = checked.stderr
    return (
        "unexpected end of file" in said
        or "unexpected EOF" in said
        or ("here-document" in said and "end-of-file" in said)
    )


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

    ``job``: ``kind`` (module | program | git | run | request), ``code`` (learner source),
    ``setup`` (probe prelude), ``tests`` (list of ``{name, code}``), ``workdir``.
    """
    kind = job.get("kind", "module")
    workdir = job.get("workdir") or str(Path.cwd())
    max_output = int(job.get("max_output") or 0)
    emit = _flag_overflow(emit, max_output)
    _OUTPUT_CAP[0] = max_output
    os.chdir(workdir)
    if kind in _UNGRADED:  # a learner's own run: no probes, the same confinement
        _UNGRADED[kind](job, emit)
        return
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
                namespace["script_output"] = run_git_script(job["code"], workdir, max_output)
            namespace["read_text"] = lambda path: open(path, encoding="utf-8").read()  # noqa: PTH123, SIM115
            namespace["run_unittest"] = run_unittest  # imported tests kept as test code
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


def run_unittest(case: type, method: str) -> str:
    """Run one test method of an imported ``unittest.TestCase`` here, as unittest would.

    For an imported test the importer could not turn into probes (pyroad.curriculum.
    importers): its verdict is decided in the sandbox, by code the learner's module shares a
    process with, so it is forgeable and marked so. ``"passed"`` when it passes; a failure
    or error is raised again as ``AssertionError`` with unittest's last line.
    """
    import unittest

    outcome = unittest.TestResult()
    case(method).run(outcome)
    problems = outcome.failures + outcome.errors
    if problems:
        last = problems[0][1].strip().splitlines()[-1] if problems[0][1].strip() else "failed"
        raise AssertionError(last)
    return "skipped" if outcome.skipped else "passed"


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


# --------------------------------------------------------------------------- learner runs
# "Run" and the request console: the learner's code runs as they would run it themselves,
# and what it printed, raised or answered is reported. Nothing is compared here or on the
# trusted side: there is no verdict. The events keep the grading protocol's shape
# (loaded, one test named by the job, done), so the trusted reader checks them as strictly.

MAX_BODY = 16_000  # characters of a response body reported (encode() caps strings at 20,000)
MAX_HEADER = 2_000


class TimeLimitExceeded(BaseException):
    """A learner's run stopped by its own clock just before the sandbox's limit.

    The sandbox would kill the run and everything it printed with it; stopping first keeps
    the output and says which line was running. If the code swallows this (a bare
    ``except:`` in a loop), it is raised again, and the sandbox's own kill still comes.
    """

    __module__ = "builtins"


@contextlib.contextmanager
def _time_box(seconds: float) -> Iterator[None]:
    if seconds <= 0:
        yield
        return

    def stop(_signal: int, _frame: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0.1)  # again, should the code catch this one
        raise TimeLimitExceeded("still running at the time limit")  # the limit is said above

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ungraded_test_name(job: dict[str, Any]) -> str:
    tests = job.get("tests") or [{"name": "run"}]
    return str(tests[0]["name"])


def _run_script_job(job: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> None:
    """kind ``run``: the learner's file as ``python file.py`` with ``stdin``, a real __main__."""
    source = job["code"]
    try:
        _remember_source(source)
        code = _compile_learner(source)
    except BaseException as error:  # a SyntaxError: reported as Python would, before running
        emit(
            {
                "event": "load_error",
                "error": _raised(error),
                "traceback": _learner_traceback(error),
                "stdout": "",
            }
        )
        return
    emit({"event": "loaded", "stdout": ""})
    event: dict[str, Any] = {"event": "test", "name": _ungraded_test_name(job)}
    script = types.ModuleType("__main__")
    script.__file__ = LEARNER_FILENAME
    previous = sys.modules.get("__main__")
    sys.modules["__main__"] = script
    printed_before = _PRINTED[0]
    with _captured(str(job.get("stdin") or "")) as capture:
        try:
            with _time_box(float(job.get("stop_after_s") or 0)):
                exec(code, script.__dict__)  # noqa: S102 - learner code, sandboxed
            event["observed"] = encode(None)
        except SystemExit as stop:
            event["observed"] = _exit_observation(stop)
        except BaseException as error:
            event["observed"] = _raised(error)
            event["traceback"] = _learner_traceback(error)
        finally:
            if previous is not None:
                sys.modules["__main__"] = previous
    event["stdout"] = _with_cut_note(capture, printed_before)
    emit(event)
    emit({"event": "done"})


def _exit_observation(stop: SystemExit) -> Encoded:
    """``exit()``/``sys.exit(0)`` end a script normally; any other code is a failure.

    As Python does, a message given to ``sys.exit("…")`` is printed (to stderr).
    """
    if stop.code is None or stop.code == 0:
        return encode(None)
    if not isinstance(stop.code, int):
        print(stop.code, file=sys.stderr)
    return _raised(stop)


def _with_cut_note(capture: _Capture, printed_before: int) -> str:
    text = capture.getvalue()
    if _PRINTED[0] - printed_before > len(text):
        text += f"\n… (output cut: only the first {MAX_STDOUT:,} characters are shown)\n"
    return text


def _request_job(job: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> None:
    """kind ``request``: load the learner's module, send one HTTP request to its app."""
    stop_after = float(job.get("stop_after_s") or 0)
    started = time.monotonic()
    try:
        with _captured() as capture, _time_box(stop_after):
            module = _load_module(job["code"], "solution")
            app = _find_app(module)
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
    request = job.get("request") or {}
    event: dict[str, Any] = {"event": "test", "name": _ungraded_test_name(job)}
    answer: dict[str, Any] = {}
    raised: Encoded = None
    printed_before = _PRINTED[0]
    with _captured() as capture:
        try:
            left = max(0.05, stop_after - (time.monotonic() - started)) if stop_after else 0
            with _time_box(left):
                if _is_asgi(app):
                    _call_asgi(app, request, answer)
                else:
                    _call_wsgi(app, request, answer)
        except BaseException as error:
            # The app raised while answering: the learner sees the traceback, and the
            # response too when one was sent before the error (FastAPI sends a 500 first).
            raised = _raised(error)
            event["traceback"] = _learner_traceback(error)
    event["observed"] = encode({"response": _answer(answer), "raised": raised})
    event["stdout"] = _with_cut_note(capture, printed_before)
    emit(event)
    emit({"event": "done"})


class NoWebApp(Exception):
    """The learner's module defines no web application to send a request to."""

    __module__ = "builtins"


def _find_app(module: types.ModuleType) -> Any:
    """``app`` (Flask, FastAPI, Starlette, any ASGI or WSGI callable), or a Django URLconf."""
    app = getattr(module, "app", None)
    if app is not None and callable(app):
        return app
    if hasattr(module, "urlpatterns") and "django" in sys.modules:
        # A one-file Django project (ROOT_URLCONF is this module): Django's own WSGI handler.
        return importlib.import_module("django.core.handlers.wsgi").WSGIHandler()
    raise NoWebApp(
        "define your web application as `app` (app = Flask(__name__) or app = FastAPI())"
    )


def _is_asgi(app: Any) -> bool:
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    return inspect.iscoroutinefunction(call)


def _request_parts(request: dict[str, Any]) -> tuple[str, str, str, list[tuple[str, str]], bytes]:
    target = urlsplit(str(request.get("path") or "/"))
    headers = [(str(k), str(v)) for k, v in dict(request.get("headers") or {}).items()]
    body = str(request.get("body") or "").encode("utf-8")
    method = str(request.get("method") or "GET").upper()
    return method, target.path or "/", target.query, headers, body


def _call_wsgi(app: Any, request: dict[str, Any], answer: dict[str, Any]) -> None:
    """Call a WSGI app the way a server would (PEP 3333), collecting status, headers, body."""
    method, path, query, headers, body = _request_parts(request)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": True,
    }
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        else:
            environ[f"HTTP_{key}"] = value

    def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> Any:
        answer["status"] = int(str(status).split(" ", 1)[0])
        answer["headers"] = [(str(k), str(v)) for k, v in response_headers]
        return lambda data: answer.setdefault("chunks", []).append(bytes(data))

    result = app(environ, start_response)
    try:
        for chunk in result:
            answer.setdefault("chunks", []).append(bytes(chunk))
            if sum(len(part) for part in answer["chunks"]) > 4 * MAX_BODY:
                break
    finally:
        if hasattr(result, "close"):
            result.close()


def _call_asgi(app: Any, request: dict[str, Any], answer: dict[str, Any]) -> None:
    """Call an ASGI app with one ``http`` request on a fresh event loop (no server, no port)."""
    import asyncio  # here, not at the top: grading runs never pay for importing it

    method, path, query, headers, body = _request_parts(request)
    names = {name.lower() for name, _ in headers}
    sent_headers = [*headers, *([("host", "localhost")] if "host" not in names else [])]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "query_string": query.encode("latin-1", errors="replace"),
        "root_path": "",
        "headers": [
            (name.lower().encode("latin-1", errors="replace"), value.encode("latin-1", "replace"))
            for name, value in sent_headers
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
        "state": {},
    }
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop()
        await asyncio.sleep(3600)  # the client never disconnects during the request
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = int(message["status"])
            answer["headers"] = [
                (bytes(k).decode("latin-1"), bytes(v).decode("latin-1"))
                for k, v in message.get("headers", [])
            ]
        elif message["type"] == "http.response.body":
            answer.setdefault("chunks", []).append(bytes(message.get("body", b"")))

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the sandbox: no loop runs in this thread
        asyncio.run(app(scope, receive, send))
        return
    # Driven in-process from code whose loop is running (tests): asyncio.run needs a thread
    # without one.
    import threading

    failure: list[BaseException] = []

    def drive() -> None:
        try:
            asyncio.run(app(scope, receive, send))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=drive)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def _answer(answer: dict[str, Any]) -> dict[str, Any] | None:
    """The response as plain JSON types, its body decoded and cut to size (None: none sent)."""
    if "status" not in answer:
        return None
    data = b"".join(answer.get("chunks", []))
    body = data.decode("utf-8", errors="replace")
    truncated = len(body) > MAX_BODY
    return {
        "status": answer["status"],
        "headers": [[k[:MAX_HEADER], v[:MAX_HEADER]] for k, v in answer.get("headers", [])][:100],
        "body": body[:MAX_BODY],
        "truncated": truncated,
    }


_UNGRADED: dict[str, Callable[[dict[str, Any], Callable[[dict[str, Any]], None]], None]] = {
    "run": _run_script_job,
    "request": _request_job,
}


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
