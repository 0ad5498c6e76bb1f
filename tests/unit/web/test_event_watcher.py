"""The event watcher: a poke reads the poked row only; the tick reads every watched row."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from typing import Any

from pyroad.web.api import events
from pyroad.web.api.events import Watcher
from tests.conftest import on_a_thread_of_its_own


class FakeRows(Watcher):
    """A watcher over an in-memory table that records which ids each look asked for."""

    def __init__(self, rows: dict[int, str]) -> None:
        super().__init__(sessions=None)  # type: ignore[arg-type]  # _stamps never opens one
        self.rows = rows
        self.looks: list[list[int]] = []
        self.lock = threading.Lock()

    def _stamps(self, ids: list[int]) -> dict[int, tuple[str, datetime | None]]:
        with self.lock:
            self.looks.append(sorted(ids))
            return {i: (self.rows[i], None) for i in ids if i in self.rows}


async def settle(watcher: FakeRows, looks: int) -> None:
    for _ in range(400):
        if len(watcher.looks) >= looks:
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"only {watcher.looks} after 2 s")


def run(coroutine: Any) -> None:
    on_a_thread_of_its_own(lambda: asyncio.run(coroutine))


def test_a_poke_reads_only_the_poked_row_and_wakes_its_stream(monkeypatch: Any) -> None:
    monkeypatch.setattr(events, "TICK_S", 30.0)  # no tick during the test: pokes only

    async def scenario() -> None:
        rows = {i: "queued" for i in range(1, 201)}
        watcher = FakeRows(rows)
        streams = {i: watcher.watch(i) for i in rows}
        await asyncio.sleep(0.05)
        assert watcher.looks == []  # each stream reads its own row as it opens

        rows[7] = "done"
        await asyncio.to_thread(watcher.poke, 7)  # from a grading thread
        await asyncio.wait_for(streams[7].wait(), 2)
        assert watcher.looks == [[7]]
        assert not any(event.is_set() for i, event in streams.items() if i != 7)

        watcher.poke(999)  # not watched: no look at all
        await asyncio.sleep(0.05)
        assert len(watcher.looks) == 1
        for i, event in streams.items():
            watcher.unwatch(i, event)

    run(scenario())


def test_a_change_made_elsewhere_is_seen_at_the_next_tick(monkeypatch: Any) -> None:
    monkeypatch.setattr(events, "TICK_S", 0.05)

    async def scenario() -> None:
        rows = {1: "queued", 2: "queued"}
        watcher = FakeRows(rows)
        first, second = watcher.watch(1), watcher.watch(2)
        await settle(watcher, 1)  # the first tick: every row, as first seen
        first.clear()
        second.clear()
        rows[2] = "running"  # another process wrote it: nobody pokes
        await asyncio.wait_for(second.wait(), 2)
        assert watcher.looks[-1] == [1, 2]  # a full look found it
        assert not first.is_set()
        watcher.unwatch(1, first)
        watcher.unwatch(2, second)

    run(scenario())


def test_a_stream_that_says_what_it_saw_is_woken_only_by_a_change(monkeypatch: Any) -> None:
    """A new stream read its row as it opened: the first tick must not wake it for the row
    as it was (one extra read per submission, in a burst), only for a change since."""
    monkeypatch.setattr(events, "TICK_S", 0.05)

    async def scenario() -> None:
        rows = {1: "queued", 2: "queued"}
        watcher = FakeRows(rows)
        unchanged = watcher.watch(1, ("queued", None))
        changed = watcher.watch(2, ("queued", None))
        rows[2] = "running"  # changed between the stream's read and its first tick
        await asyncio.wait_for(changed.wait(), 2)
        await settle(watcher, 3)  # two more ticks
        assert not unchanged.is_set()
        watcher.unwatch(1, unchanged)
        watcher.unwatch(2, changed)

    run(scenario())
