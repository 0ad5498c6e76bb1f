"""The garbage collector in a long-running process: start-up's heap frozen, young
collections spaced out.

A server's start-up builds a large heap that lives as long as the process (the catalog,
templates, SQLAlchemy's mappers and compiled statements, the routes): half a million
objects in ``pyroad serve``. Python's full collections walked all of them every few seconds
under load (10 times, up to 450 ms each with the GIL held, in one 100-learner burst of
bench/load.py) while none of them ever becomes garbage: ``gc.freeze()`` moves them where
the collector no longer looks.

What remains is young garbage. With CPython's default threshold (a young collection every
700 net new container objects) a busy server collects some thousand times per burst, each
time also walking the objects of the requests still in flight and promoting them; while it
does, every other thread waits for the GIL, the one holding SQLite's writer turn included.
At ``YOUNG_THRESHOLD`` a burst of bench/load.py ran a dozen young collections instead of
about 850 (1.8 s of collector time down to 0.4 s) and drained faster (19.0 against 13.6 and
15.2 gradings/s in the same session; the machine is noisy). Cycles are still collected,
only later; memory held meanwhile is a few megabytes.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000  # CPython's default is 700

_settled = False


def settle() -> None:
    """Collect start-up's garbage, freeze what is left and space out young collections,
    once per process (call when start-up is done).

    Once: frozen objects are never collected, so a process that starts many apps (the test
    suite does, one per test) would keep every earlier app's cyclic garbage if each start
    froze again; it grew to 20 GB that way.
    """
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
