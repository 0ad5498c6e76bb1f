"""Tailored help for beginners' git mistakes, from the real messages of a real run."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest

from pyroad.grading.git_errors import explain
from pyroad.grading.harness import GitCommandError, LearnerScriptError, run_git_script


def _repo(tmp_path: Path, *, editor: str = "true") -> str:
    repo = tmp_path / "repo"
    repo.mkdir()
    # core.editor is `true` in the exercises' setup_repo
    config = [("user.name", "Ada"), ("user.email", "ada@example.com"), ("core.editor", editor)]
    subprocess.run(["/usr/bin/git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    for key, value in config:
        subprocess.run(["/usr/bin/git", "config", key, value], cwd=repo, check=True)
    (repo / "app.py").write_text("print('hi')\n")
    return str(repo)


def _explained(repo: str, script: str) -> str | None:
    """Run ``script``; it must fail; return the explanation of its error message."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        pytest.raises((GitCommandError, LearnerScriptError)) as raised,
    ):
        run_git_script(script, repo)
    return explain(script, str(raised.value))


def test_unquoted_commit_message(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), "git add app.py\ngit commit -m Initial commit\n")
    assert said is not None
    assert 'Put the commit message in quotes: `git commit -m "Initial commit"`' in said
    assert "`commit` as the name of a file" in said


def test_commit_with_nothing_staged(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), 'git commit -m "First"\n')
    assert said is not None
    assert "Nothing was staged" in said
    assert "`git add FILE`" in said


def test_commit_with_a_clean_tree(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    said = _explained(repo, 'git add . && git commit -q -m "First"\ngit commit -m "Again"\n')
    assert said is not None
    assert "nothing to commit" in said


def test_unknown_command_typo(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), 'git add app.py\ngit comit -m "First"\n')
    assert said == "`git comit` is not a git command. Did you mean `git commit`?"


def test_missing_message_opens_an_editor_that_closes_at_once(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), "git add app.py\ngit commit\n")
    assert said is not None
    assert "opens a text editor" in said
    assert '`git commit -m "Your message"`' in said


def test_missing_message_without_an_editor(tmp_path: Path) -> None:
    # As in the sandbox when an exercise sets no core.editor: git's `vi` is not installed.
    repo = _repo(tmp_path, editor="/nonexistent/vi")
    said = _explained(repo, "git add app.py\ngit commit\n")
    assert said is not None
    assert "opens a text editor" in said


def test_push_without_a_remote(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), "git add app.py && git commit -q -m First\ngit push\n")
    assert said is not None
    assert "`git remote -v`" in said


def test_push_of_a_new_branch_without_upstream(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["/usr/bin/git", "init", "-q", "--bare", str(remote)], check=True)
    repo = _repo(tmp_path)
    script = (
        f"git remote add origin {remote}\n"
        "git add app.py && git commit -q -m First\n"
        "git switch -q -c feature/export\n"
        "git push\n"
    )
    said = _explained(repo, script)
    assert said is not None
    assert "`git push -u origin feature/export`" in said


def test_pathspec_that_matches_no_file(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), "git add ap.py\n")
    assert said is not None
    assert "There is no file called `ap.py` here" in said


def test_switch_to_a_missing_branch(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    said = _explained(repo, "git add . && git commit -q -m First\ngit checkout featur\n")
    assert said is not None
    assert "no branch or file called `featur`" in said


def test_commands_that_are_not_installed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert _explained(repo, "gti status\n") == "`gti` is not a command: did you mean `git`?"
    said = _explained(repo, "notepad app.py\n")
    assert said is not None
    assert "`notepad` is not available here" in said


def test_other_failures_get_no_tailored_sentence(tmp_path: Path) -> None:
    assert _explained(_repo(tmp_path), "git log\n") is None  # no commits yet
    assert explain("git status\n", "something else entirely") is None


def test_an_apostrophe_inside_single_quotes(tmp_path: Path) -> None:
    script = "git add app.py\ngit commit -m 'Don't crash'\ngit log\n"
    said = _explained(_repo(tmp_path), script)
    assert said is not None
    assert "The apostrophe in `'Don't crash'` ends the single-quoted text early" in said
    assert "(from line 2)" in said
    assert '`"Don\'t crash"`' in said


def test_a_quote_never_closed(tmp_path: Path) -> None:
    said = _explained(_repo(tmp_path), 'git add app.py\ngit commit -m "Add app\ngit log\n')
    assert said is not None
    assert said.startswith("A quote opened on line 2 is never closed")
