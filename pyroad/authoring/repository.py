"""Published content as files: a git repository under the data directory.

Layout as the curriculum's (``NN-authored/exercises/SLUG/…``), one commit per publish with
the author as git author, so ``git log`` is the audit trail and the folder can be pushed or
copied into a course repository. The database holds the same versions (every process and
machine reads them from there); this repository is written by the process that publishes,
under a file lock so two processes on one host never interleave their commits.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyroad.authoring.gate import write_folder

COMMITTER = ("pyroad", "pyroad@localhost")


class RepositoryError(RuntimeError):
    """git failed; the publish is rolled back and the message logged."""


def exercise_folder(root: Path, step: int, slug: str) -> Path:
    return root / f"{step:02d}-authored" / "exercises" / slug


class Repository:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _git(self, *args: str, author: tuple[str, str] | None = None) -> str:
        name, email = author or COMMITTER
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": COMMITTER[0],
            "GIT_COMMITTER_EMAIL": COMMITTER[1],
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.root),  # no user's ~/.gitconfig (hooks, signing) applies
            "PATH": "/usr/bin:/bin",
        }
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],  # noqa: S607 - git from PATH above
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise RepositoryError(f"git {args[0]} failed: {done.stderr.strip()[:500]}")
        return done.stdout

    def ensure(self) -> None:
        if not (self.root / ".git").is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
            self._git("init", "--quiet")
            readme = self.root / "README.md"
            readme.write_text(
                "# Authored exercises\n\nPublished from pyroad's authoring pages; one commit "
                "per publish (`git log` is the audit trail). The layout is the curriculum's: "
                "see curriculum/README.md.\n",
                encoding="utf-8",
            )
            self._git("add", "README.md")
            self._git("commit", "--quiet", "-m", "Start the authored exercises repository")

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One publisher at a time on this host (other hosts: the database's unique key)."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        with (self.root.parent / "authored.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def commit(
        self,
        changes: list[tuple[int, str, dict[str, str] | None]],
        message: str,
        author: tuple[str, str],
    ) -> str:
        """Replace each (step, slug) folder by its files (None removes it); one commit."""
        self.ensure()
        for step, slug, files in changes:
            for old in self.root.glob(f"[0-9][0-9]-authored/exercises/{slug}"):
                shutil.rmtree(old)  # the slug may have moved to another step
            if files is not None:
                write_folder(exercise_folder(self.root, step, slug), files)
        try:
            self._git("add", "--all")
            self._git("commit", "--quiet", "--allow-empty", "-m", message, author=author)
            return self._git("rev-parse", "HEAD").strip()
        except RepositoryError:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop uncommitted changes left by a failed publish (the next one starts clean)."""
        if (self.root / ".git").is_dir():
            self._git("reset", "--quiet", "--hard", "HEAD")
            self._git("clean", "--quiet", "-fd")

    def log(self, limit: int = 50) -> list[str]:
        self.ensure()
        return self._git("log", f"-{limit}", "--format=%h %an %s").splitlines()
