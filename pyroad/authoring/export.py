"""``pyroad curriculum export``: the course as a folder a repository can hold.

Content stays code: what authors published in the browser is written out in the
curriculum's own layout (``NN-step/exercises/SLUG/``, pins and mutation cache included),
either beside a copy of the shipped course (a complete curriculum folder that
``pyroad curriculum check`` accepts and ``PYROAD_CURRICULUM_DIR`` can point at) or alone
(``authored_only``: what a zip upload accepts).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pyroad.authoring.gate import write_folder
from pyroad.authoring.live import latest_versions
from pyroad.curriculum.loader import STEP_FOLDER


class ExportRefused(Exception):
    """The destination is not an empty folder, or the course folder is missing."""


@dataclass(frozen=True)
class Exported:
    authored: list[str]  # "slug vN"
    shipped: bool


def step_folders(curriculum: Path) -> dict[int, str]:
    """Step number -> its folder name in the shipped course (02 -> '02-loops-functions')."""
    found = {}
    for folder in sorted(curriculum.iterdir()) if curriculum.is_dir() else []:
        match = STEP_FOLDER.match(folder.name)
        if match and folder.is_dir():
            found[int(match.group(1))] = folder.name
    return found


def export(
    session: Session, curriculum: Path, dest: Path, *, authored_only: bool = False
) -> Exported:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportRefused(f"{dest} exists and is not an empty folder; choose a new one")
    if not curriculum.is_dir():
        raise ExportRefused(f"the course folder {curriculum} does not exist")
    folders = step_folders(curriculum)
    if authored_only:
        dest.mkdir(parents=True, exist_ok=True)
    else:
        shutil.copytree(curriculum, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".git"))  # fmt: skip
    written = []
    for row in latest_versions(session):
        if row.files is None:
            continue  # withdrawn
        step = folders.get(row.step, f"{row.step:02d}-authored")
        write_folder(dest / step / "exercises" / row.slug, row.files)
        written.append(f"{row.slug} v{row.version}")
    return Exported(written, shipped=not authored_only)
