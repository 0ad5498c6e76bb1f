"""Help text a learner can read: a flag such as ``--create`` shows no ``<bool>`` type.

Typer prints every option's type beside it; for an on/off flag that type is noise (a flag
takes no value), so flags show none. Applied once, when the ``pyroad`` command is built.
"""

from __future__ import annotations

from typing import Any

from typer import core


def hide_flag_types() -> None:
    """Make Typer's help show no type for flags (idempotent)."""
    shown = getattr(core.TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "_pyroad_flags_hidden", False):
        return

    def display_type_rich(self: core.TyperOption, ctx: Any) -> str | None:
        if self.is_flag and self.metavar is None:
            return None
        found: str | None = shown(self, ctx)
        return found

    display_type_rich._pyroad_flags_hidden = True  # type: ignore[attr-defined]
    core.TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]
