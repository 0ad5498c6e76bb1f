"""cgroup path and limit logic, for v1 and v2 alike (no cgroup host needed)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
import time
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


# --- cgroup v2: the no-internal-process rule -------------------------------------------------


class FakeV2:
    """A cgroup v2 hierarchy's file semantics, enough for the layout logic: ``cgroup.procs``
    moves a pid (ESRCH if it does not exist), ``cgroup.subtree_control`` of a non-root
    cgroup that holds processes fails with EBUSY, and so does joining a cgroup that has
    controllers enabled below it. Directories are real (in a temp dir), file contents not."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, str] = {}

    def read(self, path: Path) -> str:
        return self.files.get(path, "")

    def procs(self, cgroup: Path) -> list[int]:
        return [int(pid) for pid in self.read(cgroup / "cgroup.procs").split()]

    def write(self, path: Path, value: str) -> None:
        cgroup = path.parent
        if not cgroup.is_dir():
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
        if path.name == "cgroup.procs":
            pid = int(value)
            if not Path(f"/proc/{pid}").exists():
                raise ProcessLookupError(errno.ESRCH, "No such process")
            if cgroup != self.root and self.read(cgroup / "cgroup.subtree_control").strip():
                raise OSError(errno.EBUSY, "Device or resource busy")
            for name, text in list(self.files.items()):
                if name.name == "cgroup.procs":
                    self.files[name] = " ".join(p for p in text.split() if p != str(pid))
            self.files[path] = f"{self.read(path)} {pid}".strip()
        elif path.name == "cgroup.subtree_control":
            if cgroup != self.root and self.procs(cgroup):
                raise OSError(errno.EBUSY, "Device or resource busy")
            enabled = set(self.read(path).split())
            for word in value.split():
                (enabled.add if word[0] == "+" else enabled.discard)(word[1:])
            self.files[path] = " ".join(sorted(enabled))
        else:
            self.files[path] = value


@pytest.fixture
def fake_v2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeV2:
    fake = FakeV2(tmp_path)
    monkeypatch.setattr(cgroups, "_read", fake.read)
    monkeypatch.setattr(cgroups, "_write", fake.write)
    return fake


def _delegated(fake: FakeV2, *pids: int) -> Path:
    """A service's delegated cgroup (not the root: it has a ``cgroup.type``) holding ``pids``."""
    service = fake.root / "system.slice" / "pyroad.service"
    service.mkdir(parents=True)
    (service / "cgroup.type").write_text("domain\n")
    for pid in pids:
        fake.write(service / "cgroup.procs", str(pid))
    return service


def test_v2_moves_itself_into_a_leaf_then_delegates(fake_v2: FakeV2) -> None:
    # A process we started lives there too.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        service = _delegated(fake_v2, os.getpid(), child.pid)
        groups = cgroups.Cgroups(cgroups.Layout(2, {"unified": service}))
        leaf = service / cgroups.SUPERVISOR
        assert fake_v2.procs(service) == []
        assert sorted(fake_v2.procs(leaf)) == sorted([os.getpid(), child.pid])
        assert fake_v2.read(service / "cgroup.subtree_control").split() == ["cpu", "memory", "pids"]
        base = service / groups.name
        assert fake_v2.read(base / "cgroup.subtree_control").split() == ["cpu", "memory", "pids"]
        slot = groups.slot(0)
        slot.create()
        assert slot.dirs == {"unified": base / "slot-0"}
        # A second sandbox of this process, which now sits in the leaf, goes beside it too.
        again = cgroups.Cgroups(cgroups.Layout(2, {"unified": leaf}))
        assert again.bases == {"unified": service / again.name}
        again.close()
        groups.close()
        assert sorted(p.name for p in service.iterdir()) == ["cgroup.type", cgroups.SUPERVISOR]
    finally:
        child.kill()
        child.wait()


def test_v2_names_and_leaves_alone_processes_it_did_not_start(fake_v2: FakeV2) -> None:
    foreign = os.getppid()  # e.g. the reloader or shell that started the server
    service = _delegated(fake_v2, foreign, os.getpid())
    with pytest.raises(CgroupUnavailable, match=rf"did not start .*: {foreign} \("):
        cgroups.Cgroups(cgroups.Layout(2, {"unified": service}))
    assert sorted(fake_v2.procs(service)) == sorted([foreign, os.getpid()])  # as it was
    assert [p.name for p in service.iterdir()] == ["cgroup.type"]  # our leaf removed
    assert fake_v2.read(service / "cgroup.subtree_control") == ""


def test_v2_root_cgroup_and_empty_cgroup_need_no_leaf(fake_v2: FakeV2) -> None:
    fake_v2.write(fake_v2.root / "cgroup.procs", str(os.getpid()))  # the root: exempt
    groups = cgroups.Cgroups(cgroups.Layout(2, {"unified": fake_v2.root}))
    assert not (fake_v2.root / cgroups.SUPERVISOR).exists()
    assert fake_v2.procs(fake_v2.root) == [os.getpid()]
    groups.close()
    service = _delegated(fake_v2)  # we already sit in a child of it (a namespace's "/")
    cgroups.Cgroups(cgroups.Layout(2, {"unified": service})).close()
    assert not (service / cgroups.SUPERVISOR).exists()


def test_read_only_cgroupfs_fails_closed_saying_how_to_fix(
    fake_v2: FakeV2, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _delegated(fake_v2, os.getpid())

    def read_only(self: Path, mode: int = 0o777, **_: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(CgroupUnavailable, match=r"mounted read-only .* Delegate=yes"):
        cgroups.Cgroups(cgroups.Layout(2, {"unified": service}))
    assert fake_v2.procs(service) == [os.getpid()]


_CHILD = """
import errno, json, subprocess, sys
from pathlib import Path
from pyroad.grading import cgroups
delegated = Path(sys.argv[1])
grandchild = subprocess.Popen(["/bin/sleep", "30"])
print(grandchild.pid, flush=True)
sys.stdin.readline()  # the test has put us (and maybe a stranger) into the cgroup
def enable():
    try:
        cgroups._write(delegated / "cgroup.subtree_control", "+hugetlb")
        return "ok"
    except OSError as error:
        return errno.errorcode[error.errno]
report = {"before": enable()}
try:
    cgroups.enter_leaf(delegated, ("hugetlb",))
except cgroups.CgroupUnavailable as error:
    report["refused"] = str(error)
report["after"] = enable()
report["here"] = cgroups._procs(delegated)
report["leaf"] = cgroups._procs(delegated / cgroups.SUPERVISOR)
grandchild.kill()
print(json.dumps(report), flush=True)
"""


def _real_v2() -> Path | None:
    """This host's v2 cgroup of ours, if we may create children there with hugetlb on."""
    text = Path("/proc/self/mountinfo").read_text()
    mount = next((ln.split() for ln in text.splitlines() if " - cgroup2 " in ln), None)
    own = next(
        (ln[3:] for ln in Path("/proc/self/cgroup").read_text().splitlines() if ln[:3] == "0::"),
        None,
    )
    if mount is None or own is None or os.geteuid() != 0:
        return None
    ours = cgroups._under((mount[4], mount[3]), own)
    enabled = (ours / "cgroup.subtree_control").read_text().split()
    return ours if "hugetlb" in enabled and os.access(ours, os.W_OK) else None


@pytest.mark.parametrize("stranger", [False, True])
def test_real_v2_leaf_beats_ebusy(stranger: bool) -> None:
    """On this host's cgroup v2 mount (hugetlb is the one controller it offers): enabling a
    controller in a cgroup holding processes fails with EBUSY; after ``enter_leaf`` it works,
    unless a process we did not start is there too (then named, and we are moved back)."""
    ours = _real_v2()
    if ours is None:
        pytest.skip("no writable cgroup v2 with the hugetlb controller delegated here")
    delegated = ours / f"pyroad-test-{os.getpid()}"
    delegated.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(delegated)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    other = subprocess.Popen(["/bin/sleep", "30"])
    assert child.stdin is not None and child.stdout is not None
    try:
        grandchild = int(child.stdout.readline())
        for pid in (child.pid, grandchild, *([other.pid] if stranger else [])):
            (delegated / "cgroup.procs").write_text(str(pid))
        child.stdin.write("go\n")
        child.stdin.flush()
        report = json.loads(child.stdout.readline())
        assert report["before"] == "EBUSY"
        if stranger:
            assert f": {other.pid} (sleep)" in report["refused"]
            assert report["after"] == "EBUSY"
            assert sorted(report["here"]) == sorted([child.pid, grandchild, other.pid])
            assert not (delegated / cgroups.SUPERVISOR).exists()
        else:
            assert report["after"] == "ok" and report["here"] == []
            assert sorted(report["leaf"]) == sorted([child.pid, grandchild])
    finally:
        for process in (child, other):
            process.kill()
            process.wait()
        child.stdin.close()
        child.stdout.close()
        with contextlib.suppress(OSError):
            (delegated / "cgroup.subtree_control").write_text("-hugetlb")
        for path in (delegated / cgroups.SUPERVISOR, delegated):
            for _ in range(100):
                if not path.exists() or not cgroups._procs(path):
                    break
                time.sleep(0.01)
            with contextlib.suppress(FileNotFoundError):
                path.rmdir()


def test_learners_never_read_the_hosts_cgroup_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A sandbox that cannot start is a 503 saying so; the path goes to the log only."""
    from pyroad.grading.sandbox import SandboxUnavailable
    from pyroad.running import runner
    from tests.conftest import make_settings

    where = "/sys/fs/cgroup/system.slice/pyroad.service"

    def refuse(settings: object) -> None:
        raise SandboxUnavailable(f"no cgroup: cannot create cgroups below {where}: Busy")

    monkeypatch.setattr(runner, "make_sandbox", refuse)
    with pytest.raises(runner.RunsUnavailable) as refused:
        runner.Runner(make_settings(tmp_path), lambda: None).sandbox()
    assert "sandbox is unavailable" in str(refused.value)
    assert where not in str(refused.value)
    assert where in caplog.text


def test_a_private_namespace_over_a_host_mount_finds_its_own_cgroup(tmp_path: Path) -> None:
    """The kernel shows the host's mount root as ``/../..`` and our cgroup as ``/``: the
    cgroup is the one holding this process two levels down, never the host's root."""
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    for name in ("libpod-a.scope", "libpod-b.scope"):
        (tmp_path / "machine.slice" / name).mkdir(parents=True)
        (tmp_path / "machine.slice" / name / "cgroup.procs").write_text("1\n")
    (tmp_path / "machine.slice/libpod-b.scope/cgroup.procs").write_text(f"1\n{os.getpid()}\n")
    mounts = f"40 25 0:30 /../.. {tmp_path} rw - cgroup2 cgroup2 rw\n"
    layout = cgroups.detect("0::/\n", mounts)
    assert layout.parents == {"unified": tmp_path / "machine.slice/libpod-b.scope"}
    (tmp_path / "machine.slice/libpod-b.scope/cgroup.procs").write_text("1\n")
    with pytest.raises(CgroupUnavailable, match="2 level"):
        cgroups.detect("0::/\n", mounts)


def test_real_private_cgroup_namespace_sees_the_same_cgroups() -> None:
    """This host, v1: in a new cgroup namespace the layout is the one outside it."""
    script = (
        "from pathlib import Path; from pyroad.grading import cgroups; "
        "print(cgroups.detect(Path('/proc/self/cgroup').read_text(), "
        "Path('/proc/self/mountinfo').read_text()).parents)"
    )
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare here")
    outside = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    inside = subprocess.run(
        [unshare, "--cgroup", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if outside.returncode or inside.returncode:
        pytest.skip(f"no cgroups or no cgroup namespace here: {outside.stderr or inside.stderr}")
    assert inside.stdout == outside.stdout


def test_v2_processes_started_after_settle_share_the_leaf(fake_v2: FakeV2) -> None:
    """``pyroad serve --workers N``: the parent settles in the leaf before starting them;
    a worker (which starts in the leaf) then finds the delegated cgroup free."""
    service = _delegated(fake_v2, os.getpid())
    cgroups.settle(cgroups.Layout(2, {"unified": service}))
    leaf = service / cgroups.SUPERVISOR
    assert fake_v2.procs(leaf) == [os.getpid()] and fake_v2.procs(service) == []
    cgroups.settle(cgroups.Layout(2, {"unified": leaf}))  # again, from the leaf: nothing to do
    groups = cgroups.Cgroups(cgroups.Layout(2, {"unified": leaf}))
    assert groups.bases == {"unified": service / groups.name}
    groups.close()
    cgroups.settle(cgroups.Layout(1, {"memory": service}))  # v1: nothing at all
    assert fake_v2.procs(leaf) == [os.getpid()]


_WHOLE = """
import json, os, subprocess, sys
from pathlib import Path
from pyroad.grading import cgroups
cgroups.CONTROLLERS = ("hugetlb",)  # the one v2 controller this host offers
delegated = Path(sys.argv[1])
(delegated / "cgroup.procs").write_text(str(os.getpid()))  # a service's cgroup, with us in it
groups = cgroups.Cgroups(cgroups.Layout(2, {"unified": delegated}))
slot = groups.slot(0)
slot.create()
run = subprocess.Popen(["/bin/sleep", "30"])
fd = slot.procs_fds()[0]
os.write(fd, str(run.pid).encode())
os.close(fd)
report = {
    "here": cgroups._procs(delegated),
    "leaf": cgroups._procs(delegated / cgroups.SUPERVISOR),
    "enabled": (delegated / "cgroup.subtree_control").read_text().split(),
    "slot": slot.members(),
    "killed": slot.kill_all(),
}
run.wait()
groups.close()
report["left"] = sorted(p.name for p in delegated.iterdir() if p.is_dir())
print(json.dumps(report))
"""


def test_real_v2_whole_layout_with_the_controller_this_host_has() -> None:
    """Cgroups() on this host's v2 mount, from a cgroup that holds our process: the leaf,
    controllers enabled beside it, a slot that takes a run and ends it by cgroup.kill, and
    only our own directories removed on close (the leaf stays: we live in it)."""
    ours = _real_v2()
    if ours is None:
        pytest.skip("no writable cgroup v2 with the hugetlb controller delegated here")
    delegated = ours / f"pyroad-test-{os.getpid()}"
    delegated.mkdir()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _WHOLE, str(delegated)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["here"] == [] and len(report["leaf"]) == 1
        assert report["enabled"] == ["hugetlb"]
        assert len(report["slot"]) == 1 and report["killed"] is True
        assert report["left"] == [cgroups.SUPERVISOR]
    finally:
        with contextlib.suppress(OSError):
            (delegated / "cgroup.subtree_control").write_text("-hugetlb")
        for path in (delegated / cgroups.SUPERVISOR, delegated):
            for _ in range(100):
                if not path.exists() or not cgroups._procs(path):
                    break
                time.sleep(0.01)
            with contextlib.suppress(FileNotFoundError):
                path.rmdir()
