"""A curriculum folder uploaded as a zip: read safely, gated whole, published whole.

The archive is never extracted by zipfile: each member is checked (name, type, declared and
actual size, compression ratio) and read into memory with a cap, so a zip bomb, a path that
climbs out (``../``, ``/abs``, ``C:``), a symlink, a device or an oversize file is refused
with a message naming it. Then every exercise goes through the gate; one problem anywhere
and nothing is published. Lessons are not uploaded (they are part of the shipped course).
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.authoring import fields as form
from pyroad.authoring import services
from pyroad.authoring.gate import MAX_FILE_BYTES, MAX_TOTAL_BYTES, check_files
from pyroad.curriculum.loader import SLUG, STEP_FOLDER
from pyroad.errors import InvalidInput, TooLarge
from pyroad.platform import Platform

MAX_ZIP_BYTES = 512 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 100  # uncompressed / compressed per member: text rarely passes 20
MAX_UNPACKED_BYTES = 4 * MAX_TOTAL_BYTES
IGNORED = re.compile(r"(^|/)(\.DS_Store|__MACOSX/.*|\.git/.*|__pycache__/.*|README\.md|step\.toml"
                     r"|topics\.toml|\.gitignore)$")  # fmt: skip


class BadArchive(InvalidInput):
    title = "The upload was refused"


@dataclass
class Uploaded:
    # (step, slug) -> relative path -> text
    exercises: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)


def read_archive(data: bytes) -> Uploaded:
    """The exercises in a zip of a curriculum folder (``NN-step/exercises/SLUG/…``, maybe
    inside one top folder); refuses anything unsafe or out of place."""
    if len(data) > MAX_ZIP_BYTES:
        raise TooLarge(
            f"the zip is {len(data)} bytes; an upload may be at most {MAX_ZIP_BYTES // 1024} KiB"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise BadArchive("this is not a zip file (upload a .zip of a curriculum folder)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise BadArchive(f"the zip has {len(members)} entries; at most {MAX_MEMBERS}")
        names = [_safe_name(member) for member in members]
        prefix = _common_top(names)
        uploaded = Uploaded()
        unpacked = 0
        for member, name in zip(members, names, strict=True):
            if member.is_dir():
                continue
            relative = name[len(prefix) :]
            if IGNORED.search(relative):
                continue
            place = _place(relative)
            text = _read_member(archive, member)
            unpacked += len(text)
            if unpacked > MAX_UNPACKED_BYTES:
                raise TooLarge(f"the zip unpacks to more than {MAX_UNPACKED_BYTES} bytes")
            step, slug, inner = place
            uploaded.exercises.setdefault((step, slug), {})[inner] = text
    if not uploaded.exercises:
        raise BadArchive(
            "no exercise found: put each one in NN-step/exercises/SLUG/ (as in the "
            "curriculum folder), e.g. 03-data-structures/exercises/count-words/exercise.toml"
        )
    return uploaded


def _safe_name(member: zipfile.ZipInfo) -> str:
    name = member.filename
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BadArchive(f"{name}: symbolic links are not accepted; put the file itself")
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # 0: no type
        raise BadArchive(f"{name}: only files and folders are accepted")
    if member.flag_bits & 0x1:
        raise BadArchive(f"{name}: encrypted entries are not accepted")
    parts = name.replace("\\", "/").split("/")
    if (
        "\\" in name
        or name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("..", ".") for part in parts)
        or "\x00" in name
    ):
        raise BadArchive(f"{name!r}: a path outside the folder (absolute, '..' or a drive)")
    return name


def _common_top(names: list[str]) -> str:
    """'course/' when every entry sits in that one folder that is not itself a step."""
    tops = {name.split("/", 1)[0] for name in names if name}
    if len(tops) == 1:
        top = tops.pop()
        if not STEP_FOLDER.match(top) and all("/" in n or n.endswith("/") for n in names):
            return top + "/"
    return ""


def _place(relative: str) -> tuple[int, str, str]:
    parts = relative.split("/")
    step_match = STEP_FOLDER.match(parts[0]) if parts else None
    if step_match and len(parts) >= 2 and parts[1] == "lessons":
        raise BadArchive(
            f"{relative}: lessons are not uploaded (they belong to the shipped course); "
            "upload exercises only"
        )
    if not step_match or len(parts) < 4 or parts[1] != "exercises" or not SLUG.match(parts[2]):
        raise BadArchive(
            f"{relative}: not in NN-step/exercises/SLUG/ (NN is the step, 01 to 09; SLUG "
            "lowercase words joined by '-')"
        )
    return int(step_match.group(1)), parts[2], "/".join(parts[3:])


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str:
    """The member's text, read with a cap: the sizes in the zip's header can lie."""
    if member.file_size > MAX_FILE_BYTES:
        raise TooLarge(
            f"{member.filename} is {member.file_size} bytes; a file may be "
            f"{MAX_FILE_BYTES // 1024} KiB"
        )
    if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 4096:
        ratio = member.file_size // max(member.compress_size, 1)
        raise BadArchive(f"{member.filename}: compressed {ratio} times; refused as a zip bomb")
    try:
        with archive.open(member) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
        raise BadArchive(f"{member.filename}: cannot be read ({error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"{member.filename} unpacks past {MAX_FILE_BYTES // 1024} KiB (a zip bomb?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadArchive(f"{member.filename}: not UTF-8 text (byte {error.start})") from None


def gate_upload(platform: Platform, uploaded: Uploaded) -> dict[tuple[int, str], Any]:
    """Every exercise through the gate; problems prefixed with the exercise they are in."""
    grader = services.grader_for(platform)
    catalog = platform.catalog
    seen: dict[str, int] = {}
    problems: list[dict[str, Any]] = []
    checked: dict[tuple[int, str], Any] = {}
    for (step, slug), files in sorted(uploaded.exercises.items()):
        if slug in seen:
            problems.append(
                form.problem("slug", f"{slug}: in steps {seen[slug]} and {step}; slugs are unique")
            )
            continue
        seen[slug] = step
        replaces = frozenset({slug}) if slug in catalog.versions else frozenset()
        result = check_files(grader, catalog, slug, step, files, pin=False, replaces=replaces)
        for found in result.problems:
            where = f"{step:02d}/exercises/{slug}/{found['file']}".rstrip("/")
            problems.append({**found, "file": where, "message": f"{where}: {found['message']}"})
        checked[(step, slug)] = result.files
    if problems:
        raise services.GateFailed(problems)
    return checked


def publish_upload(
    session: Session, platform: Platform, user: User, data: bytes
) -> tuple[list[str], str]:
    """Publish every exercise in the zip as one commit, or nothing: ('slug vN' …, commit)."""
    services.require_author(user)
    uploaded = read_archive(data)
    # Read before the gate: a version published meanwhile makes the insert collide (409).
    before = {slug: services.latest_version(session, slug) for _, slug in uploaded.exercises}
    session.rollback()  # no transaction held while the sandbox works
    checked = gate_upload(platform, uploaded)
    rows = []
    changes: list[tuple[int, str, dict[str, str] | None]] = []
    published = []
    for (step, slug), files in checked.items():
        current = before[slug]
        version = (current.version if current else 0) + 1
        note = f"Upload {slug} v{version}"
        rows.append(services.new_version(slug, version, step, files, user, note))
        if current is not None and current.files is not None and current.step != step:
            changes.append((current.step, slug, None))
        changes.append((step, slug, files))
        published.append(f"{slug} v{version}")
    message = f"Upload {len(published)} exercise(s): {', '.join(published)}"[:200]
    return published, services.store(session, platform, user, rows, changes, message)
