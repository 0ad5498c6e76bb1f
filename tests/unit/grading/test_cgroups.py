"""cgroup path and limit logic, for v1 and v2 alike (no cgroup host needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyroad.grading import cgroups
from pyroad.grading.cgroups import CgroupLimits, CgroupUnavailable

V1_MOUNTS = """\
30 25 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
31 25 0:27 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
32 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
"""
V1_SELF = "8:pids:/\n4:memory:/process_api/abc\n2:cpu,cpuacct:/svc\n0::/\n"


def test_v1_layout() -> None:
    layout = cgroups.detect(V1_SELF, V1_MOUNTS)
    assert layout.version == 1
    assert layout.parents == {
        "memory": Path("/sys/fs/cgroup/memory/process_api/abc"),
        "pids": Path("/sys/fs/cgroup/pids"),
        "cpu": Path("/sys/fs/cgroup/cpu,cpuacct/svc"),
    }
    assert layout.slot_dirs("pyroad-7-0", 3)["memory"] == Path(
        "/sys/fs/cgroup/memory/process_api/abc/pyroad-7-0/slot-3"
    )


def test_v2_layout(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    mounts = f"40 25 0:30 / {tmp_path} rw - cgroup2 cgroup2 rw,nsdelegate\n"
    layout = cgroups.detect("0::/user.slice/app.service\n", mounts)
    assert layout.version == 2
    assert layout.parents == {"unified": tmp_path / "user.slice/app.service"}


def test_v2_inside_a_container_namespace(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    mounts = f"40 25 0:30 /docker/abc {tmp_path} rw - cgroup2 cgroup2 rw\n"
    layout = cgroups.detect("0::/docker/abc/worker\n", mounts)
    assert layout.parents == {"unified": tmp_path / "worker"}


def test_missing_controllers_are_named(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpu io\n")
    mounts = f"40 25 0:30 / {tmp_path} rw - cgroup2 cgroup2 rw\n"
    with pytest.raises(CgroupUnavailable, match="memory, pids"):
        cgroups.detect("0::/\n", mounts)


def test_v2_limits() -> None:
    writes = dict(cgroups.v2_writes(CgroupLimits(64 << 20, 32, 1.0)))
    assert writes == {
        "memory.max": str(64 << 20),
        "memory.swap.max": "0",
        "memory.oom.group": "1",
        "pids.max": "32",
        "cpu.max": "100000 100000",
    }


def test_v1_limits_keep_memsw_above_memory() -> None:
    raising = cgroups.v1_writes(CgroupLimits(256 << 20, 32), 64 << 20, True)
    lowering = cgroups.v1_writes(CgroupLimits(64 << 20, 32), 256 << 20, True)
    names = [name for _, name, _ in raising]
    assert names.index("memory.memsw.limit_in_bytes") < names.index("memory.limit_in_bytes")
    names = [name for _, name, _ in lowering]
    assert names.index("memory.limit_in_bytes") < names.index("memory.memsw.limit_in_bytes")
    without_swap_accounting = cgroups.v1_writes(CgroupLimits(64 << 20, 8), 0, False)
    assert ("memory", "memory.swappiness", "0") in without_swap_accounting
    assert ("pids", "pids.max", "8") in without_swap_accounting
    assert ("cpu", "cpu.cfs_quota_us", "100000") in raising


def test_oom_counts() -> None:
    assert cgroups.parse_oom_kills("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n") == 3
    assert cgroups.parse_oom_kills("low 0\nhigh 0\nmax 9\noom 2\noom_kill 2\n") == 2
    assert cgroups.parse_oom_kills("oom_kill_disable 0\n") == -1
