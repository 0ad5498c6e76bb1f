"""No network at all: not the host's loopback services, not the outside, not DNS."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from pyroad.grading.grader import Grader, Verdict
from tests.security.conftest import attack, grade

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on the host's loopback that the sandbox must not reach."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    yield server
    server.close()


def assert_never_connected(server: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        server.accept()


def _connect(host: str, port: int) -> str:
    return f"""
    import socket

    def succeeded():
        try:
            socket.create_connection(({host!r}, {port}), timeout=1).close()
        except OSError:
            return False
        return True
    """


@pytest.mark.parametrize("port", [8000, 5432])
def test_connect_to_the_api_and_postgres_ports(grader: Grader, port: int) -> None:
    report = grade(grader, attack(_connect("127.0.0.1", port)))
    assert report.verdict is Verdict.FAILED


def test_connect_to_a_host_loopback_listener(grader: Grader, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    report = grade(grader, attack(_connect("127.0.0.1", port)))
    assert report.verdict is Verdict.FAILED
    assert_never_connected(listener)


def test_connect_to_an_outside_address(grader: Grader) -> None:
    report = grade(grader, attack(_connect("1.1.1.1", 443)))
    assert report.verdict is Verdict.FAILED


def test_dns_lookup(grader: Grader) -> None:
    code = """
    import socket

    def succeeded():
        try:
            socket.getaddrinfo("example.com", 80)
        except OSError:
            return False
        return True
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_udp_raw_netlink_and_ipv6_sockets(grader: Grader, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    code = f"""
    import socket

    def succeeded():
        kinds = [
            (socket.AF_INET, socket.SOCK_DGRAM, 0),
            (socket.AF_INET6, socket.SOCK_STREAM, 0),
            (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
            (socket.AF_NETLINK, socket.SOCK_RAW, 0),
            (socket.AF_PACKET, socket.SOCK_RAW, 0),
        ]
        for family, kind, proto in kinds:
            try:
                sock = socket.socket(family, kind, proto)
            except OSError:
                continue
            try:
                sock.sendto(b"x", ("127.0.0.1", {port}))
                return True
            except OSError:
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
    assert_never_connected(listener)


def test_unix_sockets_of_host_services(grader: Grader) -> None:
    code = """
    import socket

    PATHS = ["/run/postgresql/.s.PGSQL.5432", "/var/run/docker.sock", "/run/systemd/private"]

    def succeeded():
        for path in PATHS:
            try:
                socket.socket(socket.AF_UNIX).connect(path)
                return True
            except OSError:
                pass
        try:  # an abstract socket of the host (network namespaces separate them)
            socket.socket(socket.AF_UNIX).connect("\\0/org/freedesktop/systemd1/notify")
            return True
        except OSError:
            return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
