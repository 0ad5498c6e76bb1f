"""Host uids for sandbox slots: a block of its own for every pyroad process on the host.

Slot uids were ``base + index`` in every process, so two ``pyroad worker`` processes on
one host shared uids, and with them per-uid kernel accounting (RLIMIT_NPROC) and the
right to signal each other's runs. Each process now holds an exclusive lock on one block
file (``/run/pyroad/uids/block-<n>.lock``) for as long as it lives; the kernel drops the
lock when the process dies, so a crashed worker's block is free again without clean-up.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

UID_BASE = 1_790_000_000  # an unused range (above systemd's dynamic and container ranges)
BLOCK_SIZE = 256  # slots per process (settings allow 64)
BLOCKS = 4096
LOCK_DIR = Path("/run/pyroad/uids")

_held: tuple[int, int] | None = None  # (block, lock fd) held by this process


class NoFreeUidBlock(RuntimeError):
    """Every block is held by a live pyroad process."""


def block_base(lock_dir: Path = LOCK_DIR) -> int:
    """The first uid of this process's block (allocated on first use, kept until exit)."""
    global _held
    if _held is not None and lock_dir == LOCK_DIR:
        return UID_BASE + _held[0] * BLOCK_SIZE
    lock_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
    for block in range(BLOCKS):
        fd = os.open(lock_dir / f"block-{block}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        if lock_dir == LOCK_DIR:
            _held = (block, fd)
        return UID_BASE + block * BLOCK_SIZE
    raise NoFreeUidBlock(f"all {BLOCKS} uid blocks under {lock_dir} are in use")


_next_index = 0
_index_lock = threading.Lock()


def reserve(count: int) -> int:
    """The first of ``count`` slot indexes no other sandbox of this process uses."""
    global _next_index
    with _index_lock:
        first, _next_index = _next_index, _next_index + count
    if _next_index > BLOCK_SIZE:
        raise NoFreeUidBlock(f"more than {BLOCK_SIZE} sandbox slots in one process")
    return first


def slot_uid(index: int) -> int:
    if not 0 <= index < BLOCK_SIZE:
        raise ValueError(f"slot index {index} outside 0..{BLOCK_SIZE - 1}")
    return block_base() + index


def in_our_range(uid: int) -> bool:
    """Whether ``uid`` belongs to this process's slots."""
    base = block_base()
    return base <= uid < base + BLOCK_SIZE
