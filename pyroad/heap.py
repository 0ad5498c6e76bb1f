"""The garbage collector in a long-running process: what start-up built is frozen.

A server's start-up builds a large heap that lives as long as the process (the catalog,
templates, SQLAlchemy's mappers and compiled statements, the routes): half a million
objects in ``pyroad serve``. Python's full collections walk all of them every few seconds
under request load (10 of them, up to 450 ms each with the GIL held, in one 100-learner
burst of bench/load.py), while none of them ever becomes garbage. ``gc.freeze()`` moves
them to a generation the collector leaves alone; later garbage is collected as before.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect start-up's garbage, then freeze what is left (call once start-up is done)."""
    gc.collect()
    gc.freeze()
