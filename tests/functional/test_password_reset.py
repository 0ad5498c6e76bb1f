"""Password reset: one-time links e-mailed (or printed by an admin), no account enumeration."""

from __future__ import annotations

import email
import logging
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from pyroad.accounts import reset
from pyroad.accounts.models import AuthToken, Role, TokenKind, User
from pyroad.accounts.services import digest
from pyroad.app import create_app
from pyroad.cli.main import app as cli
from pyroad.config import Settings, get_settings
from pyroad.db import transaction, utcnow
from tests.conftest import make_settings
from tests.server import Server

PASSWORD = "correct horse"
NEW_PASSWORD = "battery staple 42"
INVALID = "this reset link is invalid or has expired; request a new one"
LINK = re.compile(r"https?://\S+/reset/([A-Za-z0-9_-]+)")


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that keeps what it is sent (no aiosmtpd here).

    ``refuse`` answers MAIL FROM with a temporary failure; ``greet_after`` delays the
    greeting (a slow server).
    """

    def __init__(self, *, refuse: bool = False, greet_after: float = 0.0) -> None:
        self.refuse, self.greet_after = refuse, greet_after
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._session, args=(connection,), daemon=True).start()

    def _session(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as reader:
            time.sleep(self.greet_after)

            def reply(line: str) -> None:
                connection.sendall(line.encode() + b"\r\n")

            reply("220 sink ESMTP")
            sender, recipients = "", list[str]()
            for raw in reader:
                command = raw.decode().strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250-sink\r\n250 8BITMIME" if verb == "EHLO" else "250 sink")
                elif verb == "MAIL":
                    if self.refuse:
                        reply("451 4.3.0 try again later")
                        continue
                    sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                    reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip(" <>"))
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 end with <CRLF>.<CRLF>")
                    data = b""
                    for line in reader:
                        if line == b".\r\n":
                            break
                        data += line[1:] if line.startswith(b"..") else line
                    self.messages.append(email.message_from_bytes(data))
                    self.envelopes.append((sender, recipients))
                    reply("250 OK queued")
                elif verb == "QUIT":
                    reply("221 bye")
                    return
                else:  # RSET, NOOP
                    reply("250 OK")

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()


def link_in(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = LINK.search(body.decode())
    assert found, body
    return found.group(0)


def token_of(link: str) -> str:
    found = LINK.search(link)
    assert found, link
    return found.group(1)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    yield server
    server.close()


def reset_settings(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    """The real app minus what accounts do not touch: no grading workers, an empty course
    (loading the whole course costs seconds per app)."""
    course = tmp_path / "course"
    course.mkdir(exist_ok=True)
    return make_settings(
        tmp_path, database_url, embedded_worker=False, curriculum_dir=course, **overrides
    )


@pytest.fixture
def mail_client(tmp_path: Path, database_url: str, sink: SmtpSink) -> Iterator[TestClient]:
    settings = reset_settings(
        tmp_path,
        database_url,
        smtp_host="127.0.0.1",
        smtp_port=sink.port,
        smtp_starttls=False,
        smtp_from="pyroad@example.org",
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def plain_client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    """A server with no SMTP configured."""
    with TestClient(create_app(reset_settings(tmp_path, database_url))) as client:
        yield client


def register(client: TestClient, address: str | None = None) -> dict[str, Any]:
    address = address or f"reset-{time.monotonic_ns()}@example.com"
    response = client.post("/api/v1/accounts", json={"email": address, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"email": address, "token": response.json()["access_token"]}


def admin_link(client: TestClient, address: str) -> str:
    """A link made the way `pyroad admin reset-password` makes one."""
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        user = reset.find_user(session, address)
        assert user is not None
        return reset.issue_reset(session, user).url("http://testserver")


def me(client: TestClient, **kwargs: Any) -> int:
    return client.get("/api/v1/me", **kwargs).status_code


def test_request_answers_alike_for_known_and_unknown_emails(
    mail_client: TestClient, sink: SmtpSink
) -> None:
    known = register(mail_client)["email"]
    unknown = "nobody-here@example.com"
    answers = [
        mail_client.post("/api/v1/password-reset", json={"email": e}) for e in (known, unknown)
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["sends_mail"] is True
    assert sorted(answers[0].headers) == sorted(answers[1].headers)
    pages = [mail_client.post("/forgot", data={"email": e}) for e in (known, unknown)]
    assert [p.status_code for p in pages] == [200, 200]
    assert pages[0].text.replace(known, "EMAIL") == pages[1].text.replace(unknown, "EMAIL")
    assert "a link to choose a new password is on its way" in pages[0].text

    messages = sink.wait_for(2)
    assert len(messages) == 2  # one per request for the known address, none for the other
    assert [envelope[1] for envelope in sink.envelopes] == [[known], [known]]
    assert messages[0]["To"] == known and messages[0]["From"] == "pyroad@example.org"
    assert messages[0]["Subject"] == "Reset your pyroad password"
    assert link_in(messages[0]).startswith("http://testserver/reset/")
    assert link_in(messages[0]) != link_in(messages[1])


def test_emailed_link_works_once_and_signs_out_everywhere(
    mail_client: TestClient, sink: SmtpSink
) -> None:
    account = register(mail_client)
    bearer = {"Authorization": f"Bearer {account['token']}"}
    browser = TestClient(mail_client.app)
    login = {"email": account["email"], "password": PASSWORD}
    assert browser.post("/login", data=login, follow_redirects=False).status_code == 303
    assert me(browser) == 200 and me(mail_client, headers=bearer) == 200

    mail_client.post("/api/v1/password-reset", json={"email": account["email"].upper()})
    link = link_in(sink.wait_for(1)[0])
    path = link.removeprefix("http://testserver")
    form = mail_client.get(path)
    assert form.status_code == 200 and account["email"] in form.text
    # same-origin: the link never reaches another site, and Chromium still posts the form with
    # the page's Origin (under no-referrer it sends Origin: null, which must stay refused).
    assert form.headers["referrer-policy"] == "same-origin"
    assert form.headers["cache-control"] == "no-store"

    # Refused passwords do not spend the link.
    differ = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "!"}
    page = mail_client.post(path, data=differ)
    assert page.status_code == 422 and "The two passwords differ" in page.text
    weak = {"password": "short", "password_confirm": "short"}
    page = mail_client.post(path, data=weak)
    assert page.status_code == 422 and "Use at least 8 characters." in page.text

    fresh = TestClient(mail_client.app)
    chosen = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    done = fresh.post(path, data=chosen, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/roadmap"
    assert me(fresh) == 200  # logged in with a new session

    # Every earlier session and API token is revoked; the old password is gone.
    assert me(browser) == 401 and me(mail_client, headers=bearer) == 401
    old = {"email": account["email"], "password": PASSWORD}
    assert mail_client.post("/api/v1/auth/login", json=old).status_code == 401
    new = {"email": account["email"], "password": NEW_PASSWORD}
    assert mail_client.post("/api/v1/auth/login", json=new).status_code == 200

    # Once only, on every channel.
    again = mail_client.get(path)
    assert again.status_code == 404
    assert "This link has expired or was already used — request a new one." in again.text
    assert 'href="/forgot"' in again.text
    assert mail_client.post(path, data=chosen, follow_redirects=False).status_code == 404
    api = mail_client.post(f"/api/v1/password-reset/{token_of(link)}", json={"password": "x" * 9})
    assert api.status_code == 404 and api.json()["detail"] == INVALID


def test_api_reset_gives_one_answer_to_used_unknown_and_expired_links(
    plain_client: TestClient,
) -> None:
    account = register(plain_client)
    first, second, third = (token_of(admin_link(plain_client, account["email"])) for _ in "123")
    weak = plain_client.post(f"/api/v1/password-reset/{first}", json={"password": "short"})
    assert weak.status_code == 422
    assert weak.json()["detail"] == "password: use at least 8 characters"
    used = plain_client.post(f"/api/v1/password-reset/{first}", json={"password": NEW_PASSWORD})
    assert used.status_code == 204 and used.content == b""

    answers = {
        "used": first,
        "another link of the account (the reset revoked it)": second,
        "unknown": "A" * 43,
    }
    expiring = register(plain_client)
    expired = token_of(admin_link(plain_client, expiring["email"]))
    with transaction(plain_client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        stored = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(expired)))
        assert stored is not None
        stored.expires_at = utcnow() - timedelta(seconds=1)
    answers["expired"] = expired
    bodies = []
    for why, token in answers.items():
        response = plain_client.post(
            f"/api/v1/password-reset/{token}", json={"password": NEW_PASSWORD}
        )
        assert response.status_code == 404, why
        assert response.headers["content-type"] == "application/problem+json"
        bodies.append({k: v for k, v in response.json().items() if k != "instance"})
    assert all(body == bodies[0] for body in bodies)
    assert bodies[0]["detail"] == INVALID and bodies[0]["title"] == "Invalid reset link"
    for token in (expired, third):
        page = plain_client.get(f"/reset/{token}")
        assert page.status_code == 404 and "expired or was already used" in page.text
    login = {"email": account["email"], "password": NEW_PASSWORD}
    assert plain_client.post("/api/v1/auth/login", json=login).status_code == 200


def test_a_reset_token_is_not_a_session_and_a_session_is_not_a_reset_token(
    plain_client: TestClient,
) -> None:
    account = register(plain_client)
    token = token_of(admin_link(plain_client, account["email"]))
    assert me(plain_client, headers={"Authorization": f"Bearer {token}"}) == 401
    plain_client.cookies.set("pyroad_session", token)
    assert me(plain_client) == 401
    plain_client.cookies.clear()
    as_link = plain_client.post(
        f"/api/v1/password-reset/{account['token']}", json={"password": NEW_PASSWORD}
    )
    assert as_link.status_code == 404


def test_without_smtp_the_answer_says_so_and_still_reveals_nothing(
    plain_client: TestClient,
) -> None:
    known = register(plain_client)["email"]
    answers = [
        plain_client.post("/api/v1/password-reset", json={"email": e})
        for e in (known, "nobody-here@example.com")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert (
        answers[0].json()
        == answers[1].json()
        == {
            "detail": reset.NO_MAIL,
            "sends_mail": False,
        }
    )
    page = plain_client.get("/forgot")
    assert "This server cannot send e-mail: ask your administrator" in page.text
    assert "<form" not in page.text.split("<main", 1)[-1]
    posted = [
        plain_client.post("/forgot", data={"email": e}).text.replace(e, "EMAIL")
        for e in (known, "nobody-here@example.com")
    ]
    assert posted[0] == posted[1] and "cannot send e-mail" in posted[0]
    with transaction(plain_client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        kinds = session.scalar(
            select(func.count(AuthToken.id))
            .join(User)
            .where(AuthToken.kind == TokenKind.RESET, User.email == known)
        )
    assert kinds == 0  # no link nobody can receive


@pytest.mark.parametrize("sink_kind", ["refuses", "unreachable"])
def test_a_failing_smtp_server_is_logged_never_a_500(
    tmp_path: Path, database_url: str, sink_kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    refusing = SmtpSink(refuse=True)
    port = refusing.port
    if sink_kind == "unreachable":
        refusing.close()  # nothing listens there any more
    settings = reset_settings(
        tmp_path, database_url, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False
    )
    try:
        with TestClient(create_app(settings)) as client, caplog.at_level(logging.ERROR):
            known = register(client)["email"]
            answer = client.post("/api/v1/password-reset", json={"email": known})
            page = client.post("/forgot", data={"email": known})
    finally:
        refusing.close()
    assert answer.status_code == 202 and answer.json()["sends_mail"] is True
    assert page.status_code == 200
    failures = [r for r in caplog.records if r.name == "pyroad.mail"]
    assert len(failures) == 2
    assert f"could not send e-mail 'Reset your pyroad password' via 127.0.0.1:{port}" in (
        failures[0].getMessage()
    )


def test_requests_are_throttled_per_email_and_per_client(plain_client: TestClient) -> None:
    target = {"email": "victim@example.com"}
    for _ in range(5):
        assert plain_client.post("/api/v1/password-reset", json=target).status_code == 202
    limited = plain_client.post("/api/v1/password-reset", json={"email": "Victim@Example.com"})
    assert limited.status_code == 429
    assert 3500 <= int(limited.headers["retry-after"]) <= 3601
    assert "too many reset requests for this e-mail" in limited.json()["detail"]
    page = plain_client.post("/forgot", data=target)
    assert page.status_code == 429 and "Too many reset requests for this e-mail" in page.text
    # 7 requests so far from this client (one page); 13 more e-mails pass, then the client waits.
    for n in range(13):
        response = plain_client.post("/api/v1/password-reset", json={"email": f"u{n}@example.com"})
        assert response.status_code == 202, n
    limited = plain_client.post("/api/v1/password-reset", json={"email": "fresh@example.com"})
    assert limited.status_code == 429
    assert "too many reset requests from your address" in limited.json()["detail"]


def test_reset_forms_refuse_cross_site_posts(plain_client: TestClient) -> None:
    account = register(plain_client)
    path = admin_link(plain_client, account["email"]).removeprefix("http://testserver")
    evil = {"Origin": "https://evil.example"}
    chosen = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    assert plain_client.post(path, data=chosen, headers=evil).status_code == 403
    # An opaque origin (a sandboxed frame, a data: page) may be another site posting its own
    # account's link: logging the learner into that account is login CSRF.
    assert plain_client.post(path, data=chosen, headers={"Origin": "null"}).status_code == 403
    assert plain_client.post("/forgot", data=account, headers=evil).status_code == 403
    assert plain_client.get(path).status_code == 200  # the link was not spent
    same = {"Origin": "http://testserver"}
    response = plain_client.post(path, data=chosen, headers=same, follow_redirects=False)
    assert response.status_code == 303


def test_links_use_the_public_url_when_set(
    tmp_path: Path, database_url: str, sink: SmtpSink
) -> None:
    settings = reset_settings(
        tmp_path,
        database_url,
        smtp_host="127.0.0.1",
        smtp_port=sink.port,
        smtp_starttls=False,
        public_url="https://learn.example.org/",
    )
    with TestClient(create_app(settings)) as client:
        known = register(client)["email"]
        client.post("/api/v1/password-reset", json={"email": known}, headers={"Host": "evil.test"})
    assert link_in(sink.wait_for(1)[0]).startswith("https://learn.example.org/reset/")


def test_production_refuses_smtp_without_a_public_url(tmp_path: Path) -> None:
    production: dict[str, Any] = {
        "environment": "production",
        "argon2_fast": False,
        "smtp_host": "mail.example",
    }
    with pytest.raises(ValueError, match="PYROAD_SMTP_HOST needs PYROAD_PUBLIC_URL"):
        make_settings(tmp_path, **production)
    assert make_settings(tmp_path, **production, public_url="https://learn.example.org").sends_mail


@pytest.fixture
def cli_settings(plain_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The admin CLI pointed (by environment, as on a server) at the test app's database."""
    settings: Settings = plain_client.app.state.platform.settings  # type: ignore[attr-defined]
    monkeypatch.setenv("PYROAD_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PYROAD_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PYROAD_PUBLIC_URL", "http://testserver")
    get_settings.cache_clear()
    yield plain_client
    get_settings.cache_clear()


def test_admin_cli_prints_a_working_link(cli_settings: TestClient) -> None:
    client = cli_settings
    suffix = uuid.uuid4().hex[:6]
    account = register(client, f"ada.lovelace.{suffix}@example.com")
    typed = f"  Ada.Lovelace.{suffix}@example.com"
    result = CliRunner().invoke(cli, ["admin", "reset-password", typed])
    assert result.exit_code == 0, result.output
    assert f"One-time password-reset link for {account['email']}:" in result.output
    assert re.search(r"It works once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.", result.output)
    link = LINK.search(result.output)
    assert link and link.group(0).startswith("http://testserver/reset/")
    fresh = TestClient(client.app)
    chosen = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    done = fresh.post(link.group(0), data=chosen, follow_redirects=False)
    assert done.status_code == 303 and me(fresh) == 200
    assert me(client, headers={"Authorization": f"Bearer {account['token']}"}) == 401


def test_admin_cli_explains_an_unknown_email(cli_settings: TestClient) -> None:
    suffix = uuid.uuid4().hex[:6]
    register(cli_settings, f"grace.hopper.{suffix}@example.com")
    runner = CliRunner()
    typo = runner.invoke(cli, ["admin", "reset-password", f"grace.hoper.{suffix}@example.com"])
    assert typo.exit_code == 1
    assert (
        f"error: no account with e-mail 'grace.hoper.{suffix}@example.com'; "
        f"did you mean 'grace.hopper.{suffix}@example.com'" in typo.output
    )
    unrelated = runner.invoke(cli, ["admin", "reset-password", "zz@q.io"])
    assert unrelated.exit_code == 1
    assert "no account with e-mail 'zz@q.io'" in unrelated.output
    assert "did you mean" not in unrelated.output


def test_admin_cli_makes_an_admin(cli_settings: TestClient) -> None:
    register(cli_settings)  # the first account is the admin already
    second = register(cli_settings)["email"]
    result = CliRunner().invoke(cli, ["admin", "make-admin", second])
    assert result.exit_code == 0 and f"{second} is now an admin (was learner)." in result.output
    with transaction(cli_settings.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        assert session.scalar(select(User.role).where(User.email == second)) is Role.ADMIN


def test_admin_cli_without_a_database_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYROAD_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("PYROAD_DATABASE_URL", "")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["admin", "reset-password", "ada@example.com"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'empty' / 'pyroad.sqlite3'}" in result.output
    assert not (tmp_path / "empty").exists()


def test_login_page_links_to_forgot(plain_client: TestClient) -> None:
    page = plain_client.get("/login")
    assert '<a href="/forgot">Forgot your password?</a>' in page.text
    forgot = plain_client.get("/forgot")
    assert forgot.status_code == 200


def test_signup_honours_next(plain_client: TestClient) -> None:
    page = plain_client.get("/signup", params={"next": "/exercises/parse-port"})
    assert '<input type="hidden" name="next" value="/exercises/parse-port">' in page.text
    assert 'href="/login?next=/exercises/parse-port"' in page.text
    assert (
        'href="/signup?next=/exercises/parse-port"'
        in plain_client.get("/login", params={"next": "/exercises/parse-port"}).text
    )
    form = {"email": "next@example.com", "password": PASSWORD, "next": "/exercises/parse-port"}
    response = plain_client.post("/signup", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/exercises/parse-port"


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:1"]
)
def test_signup_never_redirects_off_site(plain_client: TestClient, target: str) -> None:
    page = plain_client.get("/signup", params={"next": target})
    assert 'name="next" value="/roadmap"' in page.text
    form = {"email": f"n{time.monotonic_ns()}@example.com", "password": PASSWORD, "next": target}
    response = plain_client.post("/signup", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/roadmap"
    refused = plain_client.post("/signup", data={**form, "password": "short"})
    assert refused.status_code == 400 and 'name="next" value="/roadmap"' in refused.text


def test_openapi_documents_password_reset(plain_client: TestClient) -> None:
    paths = plain_client.get("/openapi.json").json()["paths"]
    request = paths["/api/v1/password-reset"]["post"]
    assert {"202", "422", "429"} <= set(request["responses"])
    problem = {"$ref": "#/components/schemas/Problem"}
    assert request["responses"]["429"]["content"]["application/problem+json"]["schema"] == problem
    use = paths["/api/v1/password-reset/{token}"]["post"]
    assert {"204", "404", "422"} <= set(use["responses"])
    assert "invalid or has expired" in use["description"]


def test_mail_never_delays_the_answer(tmp_path: Path) -> None:
    """On a real server the link is mailed after the answer: a slow SMTP server (here 5 s
    before its greeting) changes neither the answer's timing nor its content."""
    slow = SmtpSink(greet_after=5.0)
    (tmp_path / "course").mkdir()
    server = Server(
        tmp_path / "data",
        PYROAD_EMBEDDED_WORKER="false",
        PYROAD_CURRICULUM_DIR=str(tmp_path / "course"),
        PYROAD_SMTP_HOST="127.0.0.1",
        PYROAD_SMTP_PORT=str(slow.port),
        PYROAD_SMTP_STARTTLS="false",
    ).start()
    try:
        known = "slow-mail@example.com"
        body = {"email": known, "password": PASSWORD}
        assert httpx.post(f"{server.url}/api/v1/accounts", json=body).status_code == 201
        timings = {}
        for address in (known, "nobody-here@example.com"):
            started = time.monotonic()
            answer = httpx.post(
                f"{server.url}/api/v1/password-reset", json={"email": address}, timeout=10
            )
            timings[address] = time.monotonic() - started
            assert answer.status_code == 202
        assert max(timings.values()) < 2.5, timings  # inline mail would take 5 s
        messages = slow.wait_for(1, timeout=15)
        assert len(messages) == 1 and messages[0]["To"] == known
        assert link_in(messages[0]).startswith(f"{server.url}/reset/")
    finally:
        server.stop()
        slow.close()


def test_two_uses_racing_for_one_link_cannot_both_win(plain_client: TestClient) -> None:
    """Both requests see a live link; the conditional UPDATE lets only the first one in."""
    account = register(plain_client)
    token = token_of(admin_link(plain_client, account["email"]))
    sessions = plain_client.app.state.platform.sessions  # type: ignore[attr-defined]
    with sessions() as first, sessions() as second:
        # Each has read the link as live, and keeps what it read (its tokens stay loaded).
        seen = [reset.user_for_reset(session, token) for session in (first, second)]
        for user in seen:
            assert [t.revoked for t in user.tokens if t.kind is TokenKind.RESET] == [False]
        reset.reset_password(first, token, NEW_PASSWORD, fast_hash=True)
        first.commit()
        with pytest.raises(reset.InvalidResetLink):
            reset.reset_password(second, token, "another password", fast_hash=True)
        second.rollback()
    login = {"email": account["email"], "password": NEW_PASSWORD}
    assert plain_client.post("/api/v1/auth/login", json=login).status_code == 200
