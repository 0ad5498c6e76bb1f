"""Start pyroad the README's way (`pyroad serve`) on a free port, for real-HTTP tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from pyroad.config import PROJECT_ROOT

PYROAD = Path(sys.executable).parent / "pyroad"


def processes() -> dict[int, tuple[str, int, bytes]]:
    """Every process now: pid → (state, parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, …
        found[int(entry.name)] = (fields[0], int(fields[1]), command)
    return found


def spawned_children(parent: int) -> list[int]:
    """The live children ``parent`` started with multiprocessing's spawn (web processes,
    the grading process; not multiprocessing's resource tracker)."""
    return sorted(
        pid
        for pid, (state, ppid, command) in processes().items()
        if ppid == parent and state != "Z" and b"spawn_main" in command
    )


def descendants(parent: int) -> list[int]:
    """Every live process below ``parent``."""
    table = processes()
    found: list[int] = []
    level = [parent]
    while level:
        level = [pid for pid, (state, ppid, _) in table.items() if ppid in level and state != "Z"]
        found.extend(level)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit is reaped by whoever adopted it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A `pyroad serve` process with its own data directory; restartable, killable."""

    def __init__(self, data_dir: Path, *, workers: int = 1, **env: str) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYROAD_DATA_DIR": str(data_dir),
            "PYROAD_ARGON2_FAST": "1",
            **env,
        }
        self.log_path = data_dir.parent / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Server:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(str(PYROAD), "serve", "--host", "127.0.0.1", "--port", str(self.port)),
                    *(("--workers", str(self.workers)) if self.workers > 1 else ()),
                ],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"pyroad serve exited early:\n{self.log_path.read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"pyroad serve did not come up:\n{self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """Crash it: SIGKILL the whole process group, no clean shutdown."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def printed(self) -> str:
        return self.log_path.read_text()
