"""Each pyroad process holds a uid block of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pyroad.grading import uids


def test_two_processes_get_distinct_blocks(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from pyroad.grading import uids; "
         f"print(uids.block_base(Path({str(tmp_path)!r})), flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        theirs = int(holder.stdout.readline())
        ours = uids.block_base(tmp_path)
        assert theirs != ours
        assert abs(theirs - ours) >= uids.BLOCK_SIZE
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The holder's lock died with it: its block is free again.
    assert uids.block_base(tmp_path) in (theirs, ours)
    assert (tmp_path / "block-0.lock").exists()
