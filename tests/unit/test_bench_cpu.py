"""bench/cpu.py: which part of the platform a process is, and CPU per submission between two
snapshots (a process that started meanwhile counts from zero; one whose pid was reused by
another command does too)."""

from __future__ import annotations

import os

from bench import cpu


def test_parts_from_command_lines() -> None:
    me = os.getpid()
    assert cpu.part_of("anything", me, me) == "client"
    assert cpu.part_of("/usr/bin/python3.11 -I -S -B -c ...", 2, me) == "sandbox"
    assert cpu.part_of("bwrap --unshare-all ...", 2, me) == "sandbox"
    assert cpu.part_of("/x/.venv/bin/python /x/.venv/bin/pyroad worker ", 2, me) == "worker"
    assert cpu.part_of("/x/.venv/bin/python /x/.venv/bin/pyroad serve --port 1", 2, me) == "web"
    spawned = "/x/python -B -c from multiprocessing.spawn import spawn_main; spawn_main()"
    assert cpu.part_of(spawned, 2, me) == "spawned"  # named by the shape (next test)
    assert (
        cpu.part_of("postgres: 16/main: root pyroad_bench 127.0.0.1(5) idle", 2, me) == "database"
    )
    assert cpu.part_of("/usr/bin/redis-server 127.0.0.1:6380", 2, me) == "broker"
    assert cpu.part_of("kworker/0:1", 2, me) == "other"


def test_per_submission_between_snapshots() -> None:
    web, run = "/x/pyroad serve", "/usr/bin/python3 -I -S -B -c run"
    before = cpu.Snapshot(
        {
            (10, 1): (web, 5.0),
            (11, 1): ("postgres: x", 1.0),
            (12, 1): ("redis-server", 9.0),
            (14, 1): (run, 3.0),
        },
        100.0,
    )
    after = cpu.Snapshot(
        {
            (10, 1): (web, 7.0),  # +2 s
            (11, 1): ("postgres: x", 1.5),  # +0.5 s
            (12, 7): ("/usr/bin/python3 -I -S run", 0.25),  # pid reused: counts from zero
            (14, 9): (run, 1.0),  # pid reused by the same command: counts from zero too
            (13, 8): ("pyroad worker", 1.0),  # new: counts from zero
        },
        104.0,
    )
    figures = cpu.per_submission(before, after, submissions=100)
    assert figures == {
        "sandbox": 12.5,
        "web": 20.0,
        "worker": 10.0,
        "database": 5.0,
        "machine": 40.0,
    }


def test_spawned_children_are_named_by_the_shape() -> None:
    """pyroad serve's spawned children are its grading process (embedded) or its web
    processes (--workers N): the burst says which."""
    spawned = "/x/python -c from multiprocessing.spawn import spawn_main; spawn_main()"
    before = cpu.Snapshot({(10, 1): ("/x/pyroad serve", 1.0), (11, 1): (spawned, 1.0)}, 0.0)
    after = cpu.Snapshot({(10, 1): ("/x/pyroad serve", 2.0), (11, 1): (spawned, 1.5)}, 2.0)
    embedded = cpu.per_submission(before, after, submissions=10, spawned="grading")
    assert (embedded["web"], embedded["grading"]) == (100.0, 50.0)
    production = cpu.per_submission(before, after, submissions=10)
    assert production["web"] == 150.0 and "grading" not in production


def test_a_real_snapshot_sees_this_process() -> None:
    taken = cpu.snapshot()
    assert os.getpid() in {pid for pid, _ in taken.processes} and taken.busy > 0
