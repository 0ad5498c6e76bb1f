"""Tailored help for the commonest beginner mistakes in a git exercise's commands.

The sandbox stops a git exercise's script at the first failing command and reports
``line N: `COMMAND` [stopped at `PART`] failed (exit S): OUTPUT`` (see
``harness.run_git_script``). ``explain`` reads that message, with the learner's script,
on the trusted side and returns one Markdown sentence or two saying what went wrong in a
beginner's terms and what to type instead; ``None`` when it has nothing better than the
generic explanation. Everything it reads was written by the learner's run, so it only
matches patterns and quotes the learner's own command back: nothing here is a verdict.
"""

from __future__ import annotations

import re
import shlex

_FAILURE = re.compile(
    r"^line (?P<line>\d+): `(?P<command>.*?)`(?: stopped at `(?P<part>.*?)`)? "
    r"failed \(exit (?P<status>\d+)\)(?:: (?P<said>.*))?\Z",
    re.DOTALL,
)
_PATHSPEC = re.compile(r"pathspec '(?P<name>[^']*)' did not match")
_NOT_A_COMMAND = re.compile(r"git: '(?P<typed>[^']+)' is not a git command")
_SIMILAR = re.compile(r"The most similar commands? (?:is|are)\n((?:\t\S+\n?)+)")
_NO_UPSTREAM = re.compile(r"The current branch (?P<branch>\S+) has no upstream branch")
_NOT_FOUND = re.compile(r"bash: (?:line \d+: )?(?P<name>[^:\s]+): command not found")
_SHELL_TOOLS = (
    "`ls`, `cat`, `echo`, `mkdir`, `rm`, `mv`, `cp`, `touch`, `head`, `tail`, `wc`, `grep`"
)


def explain(script: str, message: str) -> str | None:
    """A Markdown sentence for a common mistake behind ``message``, or None."""
    found = _FAILURE.match(message.strip())
    if found is None:
        return None
    command = found["part"] or found["command"]
    said = found["said"] or ""
    if "unexpected EOF while looking for matching" in said:
        return _unclosed_quote(found["command"], int(found["line"]))
    words = _words(command)
    if words[:1] != ["git"]:
        return _shell_mistake(words, said)
    subcommand = next((w for w in words[1:] if not w.startswith("-")), "")
    for rule in (_unquoted_message, _typo, _empty_message, _nothing_staged, _push, _pathspec):
        sentence = rule(words, subcommand, said)
        if sentence:
            return sentence
    return None


def _unclosed_quote(command: str, line: int) -> str:
    """A quote never closed: bash read the rest of the script into that one command."""
    first = command.split("\n", 1)[0]
    apostrophe = re.search(r"'[^'\n]*[A-Za-z]'[A-Za-z][^'\n]*'?", first)
    if apostrophe:
        inside = apostrophe.group(0).strip("'")
        return (
            f"The apostrophe in `{apostrophe.group(0)}` ends the single-quoted text early, and "
            f"the quote it leaves open is never closed, so bash read the rest of your script "
            f'(from line {line}) as one command. Use double quotes: `"{inside}"`.'
        )
    return (
        f"A quote opened on line {line} is never closed, so bash read the rest of your script "
        "as part of that one command. Close it on the same line: `\"...\"` or `'...'`."
    )


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _unquoted_message(words: list[str], subcommand: str, said: str) -> str | None:
    """`git commit -m Initial commit`: the shell made `commit` a file name."""
    pathspec = _PATHSPEC.search(said)
    if subcommand != "commit" or pathspec is None or "-m" not in words:
        return None
    start = words.index("-m") + 1
    rest = words[start:]
    if len(rest) < 2 or pathspec["name"] not in rest[1:]:
        return None
    message = " ".join(word for word in rest if not word.startswith("-"))
    fixed = shlex.join(words[:start]) + f' "{message}"'
    return (
        f"Put the commit message in quotes: `{fixed}`. Without quotes the shell splits it "
        f"into separate words, so git took only `{rest[0]}` as the message and "
        f"`{pathspec['name']}` as the name of a file to commit, which does not exist."
    )


def _typo(words: list[str], subcommand: str, said: str) -> str | None:
    """`git comit`: git lists the commands it thinks you meant."""
    typed = _NOT_A_COMMAND.search(said)
    if typed is None:
        return None
    similar = _SIMILAR.search(said)
    if similar is None:
        return (
            f"`git {typed['typed']}` is not a git command: check the spelling "
            "(`git help -a` lists them all)."
        )
    names = [name.strip() for name in similar.group(1).split()]
    guesses = " or ".join(f"`git {name}`" for name in names[:3])
    return f"`git {typed['typed']}` is not a git command. Did you mean {guesses}?"


def _empty_message(words: list[str], subcommand: str, said: str) -> str | None:
    """`git commit` without -m: the editor (here `true`) closed at once, leaving no message."""
    if subcommand != "commit":
        return None
    editor_failed = "unable to start editor" in said or "problem with the editor" in said
    if "empty commit message" not in said and not editor_failed:
        return None
    return (
        "Without `-m`, `git commit` opens a text editor for you to write the message. "
        "Here nobody can type in it, so the editor closed straight away, the message "
        "stayed empty and git cancelled the commit. Give the message on the command line: "
        '`git commit -m "Your message"`.'
    )


def _nothing_staged(words: list[str], subcommand: str, said: str) -> str | None:
    """`git commit` with nothing in the staging area."""
    if subcommand != "commit":
        return None
    if "nothing to commit, working tree clean" in said:
        return (
            "There was nothing to commit: the files have no changes since the last commit. "
            "Check `git status` and `git log --oneline`: maybe it is committed already, or "
            "the file you meant to change was not changed."
        )
    if "no changes added to commit" in said or "nothing added to commit" in said:
        return (
            "Nothing was staged, so there was nothing to commit: first choose what goes in "
            "with `git add FILE` (or `git add .` for everything), then run `git commit`."
        )
    return None


def _push(words: list[str], subcommand: str, said: str) -> str | None:
    """`git push` with no remote, or a new branch with no upstream yet."""
    if subcommand != "push":
        return None
    upstream = _NO_UPSTREAM.search(said)
    if upstream:
        branch = upstream["branch"]
        return (
            f"The branch `{branch}` has never been pushed, so git does not know where to "
            f"send it. The first push names the remote and the branch: "
            f"`git push -u origin {branch}` (`-u` remembers it, so later a plain "
            "`git push` is enough)."
        )
    no_remote = (
        "No configured push destination" in said or "does not appear to be a git repository" in said
    )
    if no_remote:
        return (
            "There is no remote to push to under that name: `git remote -v` lists the "
            "remotes this repository knows (usually `origin`)."
        )
    return None


def _pathspec(words: list[str], subcommand: str, said: str) -> str | None:
    """A file name (or branch name) that matches nothing."""
    pathspec = _PATHSPEC.search(said)
    if pathspec is None:
        return None
    name = pathspec["name"]
    if subcommand in ("checkout", "switch"):
        return (
            f"There is no branch or file called `{name}`: check the spelling with "
            "`git branch` (branches) or `ls` (files)."
        )
    return (
        f"There is no file called `{name}` here: check the spelling and the folder "
        "(`ls` lists the files, `git status` shows what changed)."
    )


def _shell_mistake(words: list[str], said: str) -> str | None:
    """A command that is not installed, or `gti` for `git`."""
    missing = _NOT_FOUND.search(said)
    if missing is None:
        return None
    name = missing["name"]
    if name in ("gti", "gi", "got", "igt", "tig", "gitt") or name.startswith("git"):
        return f"`{name}` is not a command: did you mean `git`?"
    return (
        f"`{name}` is not available here. These commands run in bash, as in a terminal, "
        f"but only git and a few file commands are installed: {_SHELL_TOOLS}."
    )
