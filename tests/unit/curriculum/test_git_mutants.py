"""Git mutants are bash commands: operators stay operators, multi-line commands stay whole."""

from __future__ import annotations

from pyroad.curriculum.mutation.git import git_mutants


def test_a_redirection_mutant_is_still_a_redirection() -> None:
    found = git_mutants('echo .env > .gitignore\necho "*.log" >> .gitignore\n')
    flags = [m.after for m in found if m.operator == "flag"]
    assert flags == ["echo '*.log' > .gitignore"]  # not echo '*.log' '>' .gitignore


def test_chained_commands_keep_their_operators() -> None:
    found = git_mutants('git add . && git commit --amend -m "Fix"\n')
    afters = {m.after for m in found if m.operator == "flag"}
    assert "git add . && git commit -m Fix" in afters


def test_a_multi_line_command_is_one_unit() -> None:
    script = 'git add app.py\ngit commit -m "Add the app\n\nIt prints hi."\ngit tag v1\n'
    found = git_mutants(script)
    drops = [m for m in found if m.operator == "drop"]
    assert [m.line for m in drops] == [1, 2, 5]
    dropped_commit = next(m for m in drops if m.line == 2)
    assert "It prints hi" not in dropped_commit.code  # the whole command went, not a line of it
    swaps = [m for m in found if m.operator == "swap"]
    assert any(m.code.startswith('git commit -m "Add the app\n\nIt prints hi."\n') for m in swaps)
