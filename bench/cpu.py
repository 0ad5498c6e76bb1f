"""Where a burst's CPU went, per part of the platform, from /proc (Linux).

A drain rate alone does not say whether the web tier, the grading worker, the database, the
sandbox or the load client used the machine; on two cores they all share it, so the bench
reports CPU milliseconds per submission for each part and how busy the machine was. Each
process's own time plus its reaped children's (the sandbox's short-lived runs are reaped by
their fork server), between two snapshots. A process is known by its pid and start time (the
sandbox's runs share one command line, and pids are reused). A child alive at the first
snapshot and reaped before the second brings its whole life into its parent's children's time:
negligible for the sandbox's runs (milliseconds), not for a long-lived child replaced mid-burst.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Snapshot:
    processes: dict[tuple[int, int], tuple[str, float]]  # (pid, start) → (command, CPU s)
    busy: float  # the machine's non-idle CPU seconds so far (all cores)


def snapshot() -> Snapshot:
    """Every process's CPU so far and the machine's, now."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        used = sum(int(value) for value in fields[11:15]) / TICK  # utime stime cutime cstime
        started = int(fields[19])  # clock ticks after boot: with the pid, names one process
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        processes[(int(entry.name), started)] = (command or name, used)
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = (sum(ticks[:8]) - ticks[3] - ticks[4]) / TICK  # all but idle and iowait
    return Snapshot(processes, busy)


def part_of(command: str, pid: int, client: int) -> str:
    """Which part of the platform a process is, from its command line."""
    if pid == client:
        return "client"
    if " -I -S " in command or command.startswith(("bwrap", "/usr/bin/bwrap")):
        return "sandbox"
    if "pyroad worker" in command:
        return "worker"
    if "multiprocessing.spawn" in command:
        return "spawned"  # a child of pyroad serve: see ``name_spawned``
    if "pyroad serve" in command or "--serve" in command:
        return "web"
    program = command.split(" ", 1)[0].rsplit("/", 1)[-1]
    if command.startswith("postgres") or program in {"postgres", "mariadbd", "mysqld"}:
        return "database"
    if "redis-server" in command:
        return "broker"
    return "other"


def per_submission(
    before: Snapshot, after: Snapshot, submissions: int, spawned: str = "web"
) -> dict[str, float]:
    """CPU milliseconds per submission for each part, and ``machine``: all the machine's
    non-idle CPU (every process, the kernel's own work too). ``spawned``: what the children
    ``pyroad serve`` spawns are in this shape ("grading": its grading process, embedded;
    "web": its web processes, ``--workers N``)."""
    used: defaultdict[str, float] = defaultdict(float)  # CPU seconds
    client = os.getpid()
    for key, (command, seconds) in after.processes.items():
        earlier = before.processes.get(key)
        start = earlier[1] if earlier is not None else 0.0  # new since: counts from zero
        part = part_of(command, key[0], client)
        used[spawned if part == "spawned" else part] += max(0.0, seconds - start)
    scale = 1000 / max(1, submissions)
    figures: dict[str, float] = {
        part: round(seconds * scale, 1)
        for part, seconds in sorted(used.items(), key=lambda kv: -kv[1])
    }
    figures["machine"] = round((after.busy - before.busy) * scale, 1)
    return figures
