"""Choose the grading sandbox from settings; refuse loudly when isolation is missing."""

from __future__ import annotations

from pyroad.config import Settings
from pyroad.grading.sandbox import Sandbox, SandboxUnavailable
from pyroad.grading.subprocess_sandbox import SubprocessSandbox


def make_sandbox(settings: Settings) -> Sandbox:
    """The configured sandbox: bubblewrap slots with warm zygotes unless explicitly unsafe.

    ``auto`` and ``bwrap`` both mean the fork-server in bubblewrap; if it cannot start,
    ``SandboxUnavailable`` explains what to install or enable. The unconfined subprocess
    needs PYROAD_SANDBOX=unsafe-subprocess *and* PYROAD_UNSAFE_DEV_SANDBOX=1.
    """
    if settings.sandbox == "unsafe-subprocess":
        if not settings.unsafe_dev_sandbox:
            raise SandboxUnavailable(
                "PYROAD_SANDBOX=unsafe-subprocess runs learner code without isolation; "
                "set PYROAD_UNSAFE_DEV_SANDBOX=1 as well to confirm (development only)."
            )
        return SubprocessSandbox()
    from pyroad.grading.forkserver import ForkServerSandbox

    return ForkServerSandbox(
        slots=settings.workers, allow_incomplete=settings.sandbox_allow_incomplete
    )
