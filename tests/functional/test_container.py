"""The container image: built, started, healthy, and grading in the production shape.

Runs when a container engine works on this machine (``docker info`` or ``podman info``
succeeds); otherwise it is skipped with the reason, under CI too (the issue asks for the
image to be built "when a container engine works on the machine"). The build reuses the
engine's layer cache, so a run after a code change rebuilds only the last layers.

What it starts, on the host network: the web process as the image's unprivileged user
(``PYROAD_EMBEDDED_WORKER=false``) and a ``pyroad worker`` container with the sandbox
flags docs/deploy.md states, both on the host's PostgreSQL and Redis; then a learner signs
up and one right and one wrong submission are graded inside the worker container. Without
PostgreSQL and Redis (outside CI) one root container grades on SQLite instead.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pyroad.config import PROJECT_ROOT
from tests.conftest import (
    CURRICULUM,
    IN_CI,
    POSTGRES_URL,
    postgres_available,
    reset_postgres,
)

# The first build downloads the locked packages; later runs reuse the layer cache.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

EXERCISE = "checkout-summary"
SOLUTION = CURRICULUM / "01-basics" / "exercises" / EXERCISE / "solution.py"
IMAGE = "localhost/pyroad:test"
REGISTRY_BASE = "docker.io/library/debian:bookworm-slim"
LOCAL_BASE = "localhost/pyroad-debian:bookworm"  # what deploy/base-image.sh builds
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
REDIS_URL = "redis://127.0.0.1:6379/13"
BUILD_TIMEOUT_S = 900  # the first build downloads the locked packages; later ones are cached
START_TIMEOUT_S = 120
GRADE_TIMEOUT_S = 240


def _run(argv: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)


def _engine() -> tuple[list[str], str]:
    """The engine's command line (with a runtime that works here) and its name, or skip."""
    reasons = []
    for name in ("docker", "podman"):
        if shutil.which(name) is None:
            reasons.append(f"{name}: not installed")
            continue
        info = _run([name, "info"], timeout=30)
        if info.returncode != 0:
            last = (info.stderr.strip().splitlines() or ["no output"])[-1]
            reasons.append(f"{name} info failed: {last}")
            continue
        command = [name]
        if name == "podman" and _hybrid_cgroups() and shutil.which("runc"):
            # crun 1.8 refuses hosts that mount controllers on both cgroup v1 and v2
            # ("cgroups in hybrid mode not supported"); runc accepts them.
            command += ["--runtime", "runc"]
        return command, name
    pytest.skip("no container engine works on this machine: " + "; ".join(reasons))


def _hybrid_cgroups() -> bool:
    unified = Path("/sys/fs/cgroup/unified/cgroup.controllers")
    return unified.exists() and bool(unified.read_text().split())


def _cgroup_v1() -> bool:
    return not Path("/sys/fs/cgroup/cgroup.controllers").exists()


def _limits() -> list[str]:
    """Explicit ulimits below this process's own: podman's defaults are higher, and raising
    them needs CAP_SYS_RESOURCE, which a process in a container (CI) may lack."""
    flags = []
    for name, which in (("nofile", resource.RLIMIT_NOFILE), ("nproc", resource.RLIMIT_NPROC)):
        _, hard = resource.getrlimit(which)
        value = 16384 if hard == resource.RLIM_INFINITY else max(1024, min(16384, hard // 2))
        flags += ["--ulimit", f"{name}={value}:{value}"]
    return flags


def sandbox_flags(engine_name: str) -> list[str]:
    """What the grading sandbox needs from the engine (docs/deploy.md, "Containers").

    Measured here (podman 4.3 + runc, cgroup v1, no AppArmor): root in the container,
    CAP_SYS_ADMIN (the launcher unshares mount and IPC namespaces as root; with it, the
    default seccomp profile allows the namespace calls bubblewrap makes), /proc/sys
    writable (the slot's IPC limits) and the memory, pids and cpu hierarchies writable,
    seen through the host's cgroup namespace.
    """
    flags = ["--user", "0", "--cap-add", "SYS_ADMIN"]
    if engine_name == "podman":
        flags += ["--security-opt", "unmask=ALL"]
    else:
        flags += ["--security-opt", "systempaths=unconfined"]
        flags += ["--security-opt", "apparmor=unconfined"]
    if _cgroup_v1():
        # The host's cgroup namespace: /proc/self/cgroup then names the container's own
        # cgroup inside the bound hierarchies (with a private namespace it reads "/", and
        # the sandbox would create its cgroups at the host's root, shared by containers).
        flags += ["--cgroupns", "host"]
        for controller in ("memory", "pids", "cpu"):
            path = f"/sys/fs/cgroup/{controller}"
            flags += ["-v", f"{path}:{path}:rw"]
    else:
        # Not measured on this machine (cgroup v1): a private cgroup namespace with the
        # container's own cgroup writable, which engines grant only to privileged containers.
        flags += ["--privileged", "--cgroupns", "private"]
    return flags


def _base_image(engine: list[str]) -> str:
    """A Debian 12 base: the local one, the registry's, or built from a Debian mirror."""
    for image in (LOCAL_BASE, REGISTRY_BASE):
        if _run([*engine, "image", "inspect", image]).returncode == 0:
            return image
    if _run([*engine, "pull", REGISTRY_BASE], timeout=300).returncode == 0:
        return REGISTRY_BASE
    script = PROJECT_ROOT / "deploy" / "base-image.sh"
    if shutil.which("debootstrap") is None or os.geteuid() != 0:
        pytest.skip(
            f"no base image: {REGISTRY_BASE} cannot be pulled and {script} (which builds it "
            "from a Debian mirror) needs root and debootstrap"
        )
    env = {**os.environ, "ENGINE": engine[0]}
    built = subprocess.run(
        [str(script), LOCAL_BASE], env=env, capture_output=True, text=True, timeout=900
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return LOCAL_BASE


@pytest.fixture(scope="module")
def image() -> Iterator[tuple[list[str], str]]:
    engine, name = _engine()
    base = _base_image(engine)
    argv = [*engine, "build", "-t", IMAGE, "--build-arg", f"BASE={base}"]
    if name == "podman":
        argv += ["--format", "docker"]  # keeps HEALTHCHECK (OCI images drop it)
    if CA_BUNDLE.exists():  # the host's trust store, in case PyPI is reached through a proxy
        argv += ["--secret", f"id=ca_bundle,src={CA_BUNDLE}"]
    started = time.monotonic()
    built = _run([*argv, str(PROJECT_ROOT)], timeout=BUILD_TIMEOUT_S)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
    print(f"image built in {time.monotonic() - started:.0f} s")
    yield engine, name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Container:
    """One container of the image on the host network, removed on exit."""

    def __init__(
        self, engine: list[str], options: list[str], command: list[str], env: dict[str, str]
    ) -> None:
        self.engine = engine
        self.name = f"pyroad-test-{uuid.uuid4().hex[:8]}"
        argv = [*engine, "run", "-d", "--name", self.name, "--network", "host"]
        argv += ["--no-healthcheck", *_limits()] if engine[0] == "podman" else []
        for key, value in env.items():
            argv += ["-e", f"{key}={value}"]
        started = _run([*argv, *options, IMAGE, *command])
        assert started.returncode == 0, started.stderr

    def logs(self) -> str:
        result = _run([*self.engine, "logs", self.name])
        return (result.stdout + result.stderr)[-6000:]

    def running(self) -> bool:
        state = _run([*self.engine, "inspect", "--format", "{{.State.Running}}", self.name])
        return state.stdout.strip() == "true"

    def exec(self, *command: str) -> str:
        return _run([*self.engine, "exec", self.name, *command]).stdout

    def remove(self) -> None:
        _run([*self.engine, "rm", "-f", "-t", "5", self.name], timeout=60)


def _wait_healthy(base_url: str, container: Container) -> float:
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT_S:
        assert container.running(), f"the container exited:\n{container.logs()}"
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).json() == {"status": "ok"}:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no /healthz within {START_TIMEOUT_S} s:\n{container.logs()}")


def _grade(client: httpx.Client, code: str, containers: list[Container]) -> dict[str, object]:
    submitted = client.post(f"/api/v1/exercises/{EXERCISE}/submissions", json={"code": code})
    assert submitted.status_code == 202, submitted.text
    # The first grading waits for the worker's sandbox: on its first start a container
    # copies the runtime out of the image layers (~200 MB; over a minute on a busy disk).
    deadline = time.monotonic() + GRADE_TIMEOUT_S
    while (result := client.get(submitted.json()["url"]).json())["status"] != "done":
        assert all(c.running() for c in containers), "\n".join(c.logs() for c in containers)
        assert time.monotonic() < deadline, "\n".join(c.logs() for c in containers)
        time.sleep(0.2)
    return dict(result)


def test_image_serves_and_grades_in_containers(image: tuple[list[str], str]) -> None:
    engine, name = image
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    common = {"PYROAD_ENVIRONMENT": "production", "PYROAD_SECRET_KEY": uuid.uuid4().hex * 2}
    postgres_down = postgres_available()
    production = postgres_down is None and _reachable(6379)
    if not production and IN_CI:
        pytest.fail(f"CI=true but PostgreSQL or Redis is not reachable ({postgres_down})")
    containers: list[Container] = []
    try:
        serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        if production:
            reset_postgres()
            shared = {
                **common,
                "PYROAD_DATABASE_URL": POSTGRES_URL,
                "PYROAD_BROKER": "redis",
                "PYROAD_BROKER_URL": REDIS_URL,
            }
            web = Container(engine, [], serve, {**shared, "PYROAD_EMBEDDED_WORKER": "false"})
            containers.append(web)
            worker = Container(engine, sandbox_flags(name), ["worker"], shared)
            containers.append(worker)
        else:  # one box: the embedded worker grades, so the web process needs the flags
            web = Container(engine, sandbox_flags(name), serve, common)
            containers.append(web)
        took = _wait_healthy(base_url, web)
        shape = "production" if production else "single box"
        print(f"/healthz answered {took:.0f} s after start ({shape})")
        if production:
            assert web.exec("id", "-u").strip() == "10001", "the web process must not be root"
        with httpx.Client(base_url=base_url, timeout=30) as client:
            account = {"email": "container@example.com", "password": "container-test"}
            created = client.post("/api/v1/accounts", json=account)
            assert created.status_code == 201, created.text
            client.headers["Authorization"] = f"Bearer {created.json()['access_token']}"
            assert client.get("/api/v1/roadmap").status_code == 200
            right = _grade(client, SOLUTION.read_text(), containers)
            assert right["verdict"] == "passed", json.dumps(right)[:2000]
            wrong = _grade(client, "print('hello')\n", containers)
            assert wrong["verdict"] != "passed", json.dumps(wrong)[:2000]
    finally:
        for container in containers:
            container.remove()


def _reachable(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0
