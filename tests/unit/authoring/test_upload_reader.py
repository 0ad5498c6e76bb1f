"""The zip reader refuses what could hurt or mislead, with a message naming the entry."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest

from pyroad.authoring.upload import (
    MAX_ZIP_BYTES,
    BadArchive,
    read_archive,
)
from pyroad.errors import TooLarge

EXERCISE = "02-loops-functions/exercises/double-it"


def make_zip(entries: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_exercises_are_read_from_step_folders_inside_one_top_folder() -> None:
    data = make_zip(
        {
            f"course/{EXERCISE}/exercise.toml": "title = 'x'",
            f"course/{EXERCISE}/wrong/a.py": "pass",
            "course/02-loops-functions/step.toml": "title = 'ignored'",
            "course/README.md": "ignored",
            "course/__MACOSX/junk": "ignored",
        }
    )
    uploaded = read_archive(data)
    assert uploaded.exercises == {(2, "double-it"): {"exercise.toml": "title = 'x'",
                                                     "wrong/a.py": "pass"}}  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["../evil.py", f"{EXERCISE}/../../../etc/x.py", "/etc/passwd", "C:/windows/x.py",
     f"{EXERCISE}\\..\\x.py"],
)  # fmt: skip
def test_paths_that_climb_out_are_refused(name: str) -> None:
    with pytest.raises(BadArchive, match="outside the folder"):
        read_archive(make_zip({name: "x", f"{EXERCISE}/exercise.toml": "x"}))


def test_symbolic_links_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo(f"{EXERCISE}/solution.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/shadow")
    with pytest.raises(BadArchive, match="symbolic links"):
        read_archive(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = make_zip({f"{EXERCISE}/statement.md": b"0" * 200_000})
    assert len(bomb) < 2_000  # 200 kB of zeros squeezed a hundredfold and more
    with pytest.raises(BadArchive, match="zip bomb"):
        read_archive(bomb)


def test_an_oversize_file_is_refused() -> None:
    big = make_zip({f"{EXERCISE}/statement.md": os.urandom(300_000).hex()[:300_000]})
    with pytest.raises(TooLarge, match="a file may be 256 KiB"):
        read_archive(big)


def test_an_oversize_upload_is_refused() -> None:
    data = make_zip(
        {f"{EXERCISE}/x.bin": os.urandom(MAX_ZIP_BYTES)}, compression=zipfile.ZIP_STORED
    )
    with pytest.raises(TooLarge, match="an upload may be at most 512 KiB"):
        read_archive(data)


def test_lies_in_the_header_do_not_inflate_past_the_cap() -> None:
    """A header claiming a small size: reading stops at the cap, the CRC check refuses it."""
    data = bytearray(make_zip({f"{EXERCISE}/statement.md": b"a" * 5000}))
    # Central directory entry: uncompressed size at offset 24 from its signature.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(BadArchive):
        read_archive(bytes(data))


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"02-loops-functions/lessons/x.md": "x"}, "lessons are not uploaded"),
        ({"02-loops-functions/exercises/Bad_Slug/exercise.toml": "x"}, "not in NN-step"),
        ({"notes.txt": "x"}, "not in NN-step"),
        ({f"{EXERCISE}/statement.md": b"\xff\xfe"}, "not UTF-8"),
        ({}, "no exercise found"),
    ],
)
def test_out_of_place_or_unreadable_entries_are_refused(
    entries: dict[str, bytes | str], message: str
) -> None:
    with pytest.raises(BadArchive, match=message):
        read_archive(make_zip(entries))


def test_what_is_not_a_zip_is_refused() -> None:
    with pytest.raises(BadArchive, match="not a zip"):
        read_archive(b"PK\x03\x04 definitely not")
