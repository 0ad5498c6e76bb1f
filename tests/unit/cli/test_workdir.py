"""`pyroad download` writes an exercise folder only from a package it can read: a package of
another format (a newer server) is refused before anything is written, so no half-folder
(a README without EXAMPLES.md) is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyroad.cli import workdir
from pyroad.curriculum.download import FORMAT, PackageError


def test_an_unreadable_package_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "parse-request-line"
    package = {"format": FORMAT + 1, "slug": "parse-request-line", "tests": []}
    with pytest.raises(PackageError):
        workdir.write(folder, "http://127.0.0.1:8000", package, "def f():\n    pass\n")
    assert not folder.exists()
