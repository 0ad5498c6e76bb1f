"""Start bubblewrap as an unprivileged per-slot uid when the grader itself runs as root.

Run as ``python -I -S launcher.py SPEC`` (standard library only). bubblewrap run by root
would map the sandbox to host uid 0, where RLIMIT_NPROC is not enforced and root-owned
files count as the sandbox's own. So the launcher enters a private mount namespace (the
host's is untouched), bind-mounts the runtime the sandbox needs onto a staging tmpfs at
``/tmp`` of that namespace, drops to the slot's uid and execs bubblewrap, which can then
reach the runtime even though it lives under a directory that uid cannot traverse (such
as ``/root/.pyenv``).

SPEC is JSON: ``{"uid": int, "stage": [[source, staged_path], ...], "argv": [...]}``.
"""

from __future__ import annotations

import json
import os
import sys

import confine  # type: ignore[import-not-found]  # stdlib-only sibling, on sys.path

STAGE = "/tmp"  # noqa: S108 - a fresh tmpfs in the launcher's private mount namespace


def main() -> None:
    spec = json.loads(sys.argv[1])
    # The slot's IPC namespace is made here, as root, so its limits can be set (bubblewrap
    # is then told not to make another one).
    confine.unshare(confine.CLONE_NEWNS | confine.CLONE_NEWIPC)
    confine.limit_ipc_namespace()
    confine.mount(None, "/", None, confine.MS_REC | confine.MS_PRIVATE)
    # Hold every source before the staging tmpfs hides /tmp: a checkout may live under it.
    held = [(os.open(source, os.O_PATH | os.O_CLOEXEC), staged) for source, staged in spec["stage"]]
    confine.mount(
        "tmpfs", STAGE, "tmpfs", confine.MS_NOSUID | confine.MS_NODEV, "size=64k,mode=0755"
    )
    for fd, staged in held:
        if not staged.startswith(STAGE + "/"):
            raise SystemExit(f"launcher: refusing to stage outside {STAGE}: {staged}")
        if os.path.isdir(f"/proc/self/fd/{fd}"):  # noqa: PTH112
            os.makedirs(staged, mode=0o755)  # noqa: PTH103
        else:
            os.makedirs(os.path.dirname(staged), mode=0o755, exist_ok=True)  # noqa: PTH103, PTH120
            os.close(os.open(staged, os.O_CREAT | os.O_WRONLY, 0o644))
        confine.mount(f"/proc/self/fd/{fd}", staged, None, confine.MS_BIND | confine.MS_REC)
        os.close(fd)
    uid = int(spec["uid"])
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    os.execve(spec["argv"][0], spec["argv"], {})  # noqa: S606 - fixed argv built by slot.py


if __name__ == "__main__":
    main()
