"""A slot whose confinement would be incomplete does not start; the error names the gap."""

from __future__ import annotations

import pytest

from pyroad.grading import forkserver, seccomp_policy
from pyroad.grading.cgroups import CgroupUnavailable
from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.sandbox import Job, Limits, RunStatus, SandboxUnavailable

pytestmark = pytest.mark.timeout(120)


def test_no_landlock_at_the_minimum_abi() -> None:
    with pytest.raises(SandboxUnavailable, match="Landlock ABI"):
        ForkServerSandbox(slots=1, min_landlock_abi=99)  # as on a kernel without it


def test_no_seccomp_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(policy: str) -> bytes:
        raise seccomp_policy.SeccompUnavailable("libseccomp does not know this architecture")

    monkeypatch.setattr(seccomp_policy, "compile_policy", unavailable)
    with pytest.raises(SandboxUnavailable, match="no seccomp filter"):
        ForkServerSandbox(slots=1)


def test_no_cgroup(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> None:
        raise CgroupUnavailable("cgroup v1 lacks the memory controller(s)")

    monkeypatch.setattr(forkserver, "Cgroups", unavailable)
    with pytest.raises(SandboxUnavailable, match="no cgroup: cgroup v1 lacks the memory"):
        ForkServerSandbox(slots=1)


def test_development_may_opt_out_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> None:
        raise CgroupUnavailable("no delegation here")

    monkeypatch.setattr(forkserver, "Cgroups", unavailable)
    sandbox = ForkServerSandbox(slots=1, allow_incomplete=True, min_landlock_abi=99)
    try:
        assert sandbox.missing and "no cgroup" in sandbox.missing[0]
        outcome = sandbox.run(Job("module", "x = 1\n", (("t", "solution.x"),)), Limits())
        assert outcome.status is RunStatus.COMPLETED
    finally:
        sandbox.close()
