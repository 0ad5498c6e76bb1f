"""The sandbox-side harness, run in-process: what learner code sees when it is loaded."""

from __future__ import annotations

import contextlib
import io
import subprocess
from typing import Any

from pyroad.grading.harness import (
    GitCommandError,
    LearnerScriptError,
    run_git_script,
    run_job,
    split_commands,
)


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


# --------------------------------------------------------------------------- git scripts
# The learner's commands run in a real bash, as in a terminal (run in-process here; the
# sandbox's own limits are in tests/security/test_shell.py).


def _repo(tmp_path: Any) -> str:
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (
        ("init", "-q", "-b", "main"),
        ("config", "user.name", "Ada"),
        ("config", "user.email", "ada@example.com"),
        ("config", "core.editor", "true"),
    ):
        subprocess.run(["/usr/bin/git", *args], cwd=repo, check=True)
    (repo / "app.py").write_text("print('hi')\n")
    (repo / "README.md").write_text("# App\n")
    return str(repo)


def _git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["/usr/bin/git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def _script(repo: str, script: str) -> tuple[str, str, BaseException | None]:
    """(transcript, returned output, error) of running ``script`` on ``repo``."""
    transcript = io.StringIO()
    error: BaseException | None = None
    output = ""
    with contextlib.redirect_stdout(transcript):
        try:
            output = run_git_script(script, repo)
        except (GitCommandError, LearnerScriptError) as raised:
            error = raised
    return transcript.getvalue(), output, error


def test_and_chains_and_quoted_messages_work_as_in_a_terminal(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    transcript, _, error = _script(repo, 'git add . && git commit -m "first"\n')
    assert error is None
    assert _git(repo, "log", "--format=%s") == "first\n"
    assert transcript.startswith('$ git add . && git commit -m "first"\n[main (root-commit) ')
    assert "unknown switch" not in transcript


def test_messages_with_spaces_and_apostrophes(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = (
        "git add app.py\n"
        'git commit -m "Don\'t crash on empty carts"\n'
        "git add README.md\n"
        "git commit -m 'Add the README, with \"quotes\"'\n"
    )
    _, _, error = _script(repo, script)
    assert error is None
    assert _git(repo, "log", "--format=%s").splitlines() == [
        'Add the README, with "quotes"',
        "Don't crash on empty carts",
    ]


def test_file_commands_and_redirections(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = (
        "ls\n"
        "cat README.md\n"
        "echo x > notes.txt\n"
        "echo 'second line' >> notes.txt\n"
        "printf 'a\\nb\\n' > two.txt\n"
        "mkdir -p docs/api && touch docs/api/index.md\n"
        "cp notes.txt copy.txt; mv copy.txt moved.txt; rm two.txt\n"
        "head -n 1 notes.txt; tail -n 1 notes.txt; wc -l < notes.txt\n"
        "grep second notes.txt\n"
        "cd docs && ls && cd ..\n"
    )
    transcript, output, error = _script(repo, script)
    assert error is None, transcript
    assert (tmp_path / "repo" / "notes.txt").read_text() == "x\nsecond line\n"
    assert (tmp_path / "repo" / "moved.txt").is_file()
    assert not (tmp_path / "repo" / "two.txt").exists()
    assert (tmp_path / "repo" / "docs" / "api" / "index.md").is_file()
    assert "$ ls\nREADME.md\napp.py\n$ cat README.md\n# App\n" in transcript
    assert "$ head -n 1 notes.txt; tail -n 1 notes.txt; wc -l < notes.txt\nx\nsecond line\n2\n" in (
        transcript
    )
    assert "$ cd docs && ls && cd ..\napi\n" in transcript
    assert output.startswith("README.md\napp.py\n# App\n")  # the outputs, without the "$ " lines


def test_cd_and_variables_carry_over_between_commands(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = (
        'mkdir sub\ncd sub\npwd\nNAME=feature\ngit switch -c "$NAME/x"\ngit branch --show-current\n'
    )
    transcript, _, error = _script(repo, script)
    assert error is None, transcript
    assert f"$ pwd\n{repo}/sub\n" in transcript
    assert transcript.endswith("$ git branch --show-current\nfeature/x\n")


def test_multi_line_commands_are_one_transcript_entry(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = (
        "git add .\n"
        'git commit -m "Add the app\n'
        "\n"
        'It prints hi."\n'
        "echo one \\\n"
        "  two\n"
        "if git diff --cached --quiet; then\n"
        "  echo nothing staged\n"
        "fi\n"
    )
    transcript, _, error = _script(repo, script)
    assert error is None, transcript
    assert _git(repo, "log", "--format=%B").strip() == "Add the app\n\nIt prints hi."
    assert '$ git commit -m "Add the app\n>\n> It prints hi."\n' in transcript.replace(
        "> \n", ">\n"
    )
    assert "$ echo one \\\n>   two\none two\n" in transcript
    assert (
        "$ if git diff --cached --quiet; then\n>   echo nothing staged\n> fi\nnothing staged\n"
        in (transcript)
    )
    assert [line for line in transcript.splitlines() if line.startswith("$ ")] == [
        "$ git add .",
        '$ git commit -m "Add the app',
        "$ echo one \\",
        "$ if git diff --cached --quiet; then",
    ]


def test_split_commands_follows_the_shell(tmp_path: Any) -> None:
    script = (
        "# a comment\n"
        "git status   # look first\n"
        "git add . &&\n"
        "  git commit -m 'x'\n"
        "cat <<EOF > notes.md\n"
        "# Notes\n"
        "EOF\n"
        'echo "$(git log\n'
        '  --oneline)"\n'
        "echo 'it''s' \"#not a comment\"\n"
    )
    assert split_commands(script) == [
        (2, "git status   # look first"),
        (3, "git add . &&\n  git commit -m 'x'"),
        (5, "cat <<EOF > notes.md\n# Notes\nEOF"),
        (8, 'echo "$(git log\n  --oneline)"'),
        (10, "echo 'it''s' \"#not a comment\""),
    ]


def test_stderr_and_stdout_interleave_in_order(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    transcript, _, error = _script(repo, "echo out1; echo err1 >&2; echo out2; echo err2 >&2\n")
    assert error is None
    assert transcript.endswith("out1\nerr1\nout2\nerr2\n")


def test_a_failing_command_stops_the_script_and_names_its_line(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = "git add .\n\ngit commit -m Initial commit\necho never > ran.txt\n"
    transcript, _, error = _script(repo, script)
    assert isinstance(error, GitCommandError)
    assert str(error).startswith("line 3: `git commit -m Initial commit` failed (exit 1): ")
    assert "pathspec 'commit' did not match" in str(error)
    assert "$ echo never" not in transcript
    assert not (tmp_path / "repo" / "ran.txt").exists()
    # The commands before it did run: the state a terminal would show at that point.
    assert _git(repo, "diff", "--cached", "--name-only").split() == ["README.md", "app.py"]


def test_the_failing_part_of_a_chain_is_named(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    _, _, error = _script(repo, "ls && cat missing.txt && git status\n")
    assert isinstance(error, LearnerScriptError)
    assert str(error).startswith(
        "line 1: `ls && cat missing.txt && git status` stopped at `cat missing.txt` failed (exit 1)"
    )
    assert "No such file or directory" in str(error)


def test_unknown_commands_and_syntax_errors_are_script_errors(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    transcript, _, error = _script(repo, "git status\n\ngti status\n")
    assert isinstance(error, LearnerScriptError)
    assert "(exit 127)" in str(error)
    # bash names the learner's line, not the line of the harness's loop
    assert transcript.endswith("$ gti status\nbash: line 3: gti: command not found\n")
    transcript, _, error = _script(repo, "echo a\n\nfi\n")
    assert isinstance(error, LearnerScriptError)
    assert "syntax error" in str(error)
    assert "bash: line 3: syntax error near unexpected token `fi'" in transcript


def test_a_handled_failure_and_a_merge_conflict_do_not_stop_the_script(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    script = (
        "git add . && git commit -q -m base\n"
        "grep -q nothing app.py || echo not found\n"
        "git switch -q -c other && echo 'print(1)' > app.py && git commit -q -am other\n"
        "git switch -q main && echo 'print(2)' > app.py && git commit -q -am main\n"
        "git merge other\n"
        "git status --short\n"
    )
    transcript, _, error = _script(repo, script)
    assert error is None, transcript
    assert "CONFLICT (content): Merge conflict in app.py" in transcript
    assert transcript.endswith("$ git status --short\nUU app.py\n")


def test_exit_ends_the_script(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    transcript, _, error = _script(repo, "echo a\nexit\necho b\n")
    assert error is None
    assert "b\n" not in transcript
    _, _, error = _script(repo, "exit 3\necho b\n")
    assert isinstance(error, LearnerScriptError)
    assert "(exit 3)" in str(error)


def test_the_shell_starts_clean(tmp_path: Any, monkeypatch: Any) -> None:
    repo = _repo(tmp_path)
    rc = tmp_path / "rc.sh"
    rc.write_text("echo SOURCED\n")
    monkeypatch.setenv("BASH_ENV", str(rc))
    monkeypatch.setenv("ENV", str(rc))
    monkeypatch.setenv("PYROAD_SECRET", "leaked")
    script = 'echo "home=$HOME" "env=${BASH_ENV-}${ENV-}${PYROAD_SECRET-}" "$-"\ncat < /dev/stdin\n'
    transcript, _, error = _script(repo, script)
    assert error is None, transcript
    assert "SOURCED" not in transcript
    line = transcript.splitlines()[1]
    assert line.startswith("home=/") and f"home={repo}" not in line
    assert " env= " in line
    assert "m" not in line.rsplit(" ", 1)[1]  # no job control
    assert transcript.endswith("$ cat < /dev/stdin\n")  # stdin is empty: cat does not wait


def test_set_x_traces_the_learners_commands_only(tmp_path: Any) -> None:
    repo = _repo(tmp_path)
    transcript, _, error = _script(repo, "set -x\necho hi\ngit add app.py && echo added\n")
    assert error is None, transcript
    assert "__pyroad" not in transcript
    assert transcript.endswith(
        "$ echo hi\n++ echo hi\nhi\n$ git add app.py && echo added\n"
        "++ git add app.py\n++ echo added\nadded\n"
    )
