"""Bad input gets a precise 4xx in the problem-details shape, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine

from pyroad.accounts.services import expire_token
from pyroad.db import make_session_factory, transaction
from tests.conftest import Learner

SLUG = "parse-request-line"


def assert_problem(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body
    return body


def post_raw(learner: Learner, body: bytes):
    """Send bytes as they are: the JSON client would refuse to make them."""
    return learner.client.post(
        f"/api/v1/exercises/{SLUG}/submissions",
        content=body,
        headers={**learner.headers, "content-type": "application/json"},
    )


def test_malformed_json(learner: Learner) -> None:
    response = post_raw(learner, b'{"code": "x",')
    assert_problem(response, 400, "not valid JSON")


def test_missing_field(learner: Learner) -> None:
    body = assert_problem(
        learner.post(f"/api/v1/exercises/{SLUG}/submissions", json={}), 422, "code"
    )
    assert body["errors"][0]["field"] == "code"


def test_unknown_exercise(learner: Learner) -> None:
    assert_problem(
        learner.post("/api/v1/exercises/no-such-thing/submissions", json={"code": "x"}),
        404,
        "no-such-thing",
    )
    assert_problem(learner.get("/api/v1/exercises/no-such-thing"), 404, "no-such-thing")
    assert_problem(learner.get("/api/v1/lessons/no-such-thing"), 404)
    assert_problem(learner.get("/api/v1/submissions/999999"), 404)


def test_code_over_64_kib(learner: Learner) -> None:
    code = "# padding\n" * 7000  # 70,000 bytes
    assert_problem(
        learner.post(f"/api/v1/exercises/{SLUG}/submissions", json={"code": code}), 413, "65536"
    )


def test_body_over_one_mib(learner: Learner) -> None:
    code = "x" * 1_200_000
    assert_problem(
        learner.post(f"/api/v1/exercises/{SLUG}/submissions", json={"code": code}), 413, "1 MiB"
    )


def test_non_utf8_code(learner: Learner) -> None:
    response = post_raw(learner, b'{"code": "print(\xff\xfe)"}')
    assert_problem(response, 400, "UTF-8")


def test_lone_surrogate_code_is_refused(learner: Learner) -> None:
    response = post_raw(learner, b'{"code": "x = \\"\\ud800\\""}')
    assert_problem(response, 422, "UTF-8")


def test_second_account_with_same_email(client, learner: Learner) -> None:
    response = client.post(
        "/api/v1/accounts", json={"email": learner.email.upper(), "password": "another-pass"}
    )
    assert_problem(response, 409, "already exists")


def test_short_password_and_bad_email(client) -> None:
    assert_problem(
        client.post("/api/v1/accounts", json={"email": "a@b.io", "password": "short"}),
        422,
        "password",
    )
    assert_problem(
        client.post("/api/v1/accounts", json={"email": "not-an-email", "password": "long enough"}),
        422,
        "email",
    )


def test_wrong_password(client, learner: Learner) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"email": learner.email, "password": "wrong password"}
    )
    assert_problem(response, 401, "wrong e-mail or password")
    response = client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": "whatever1"}
    )
    assert_problem(response, 401, "wrong e-mail or password")


def test_no_token_and_garbage_token(client) -> None:
    # Reading is open to visitors (issue 15); what is a learner's own still needs a token.
    assert_problem(client.get("/api/v1/me"), 401, "log in")
    assert_problem(
        client.get("/api/v1/roadmap", headers={"Authorization": "Bearer nope"}), 401, "log in again"
    )


def test_expired_session(client, learner: Learner, settings) -> None:
    engine = create_engine(settings.sqlalchemy_url)
    with transaction(make_session_factory(engine)) as session:
        expire_token(session, learner.token)
    engine.dispose()
    assert_problem(learner.get("/api/v1/roadmap"), 401, "expired")


def test_logout_revokes_the_token(learner: Learner) -> None:
    assert learner.post("/api/v1/auth/logout").status_code == 204
    assert_problem(learner.get("/api/v1/me"), 401)


@pytest.mark.parametrize("path", ["/api/v1/submissions/abc", "/api/v1/submissions?limit=0"])
def test_bad_parameters(learner: Learner, path: str) -> None:
    assert_problem(learner.get(path), 422)


def test_browser_session_needs_csrf_token_for_writes(client, learner: Learner) -> None:
    page = client.post(
        "/login",
        data={"email": learner.email, "password": learner.password},
        follow_redirects=False,
    )
    assert page.status_code == 303
    # The cookie alone must not authorise a write (a cross-site form could send it).
    response = client.post(f"/api/v1/exercises/{SLUG}/submissions", json={"code": "x = 1"})
    assert_problem(response, 403, "CSRF")


def test_wrong_method_lists_the_allowed_ones(learner: Learner) -> None:
    response = learner.client.delete(f"/api/v1/exercises/{SLUG}/draft", headers=learner.headers)
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, PUT"


def test_html_error_page_keeps_the_logged_in_header(client, learner: Learner) -> None:
    client.post("/login", data={"email": learner.email, "password": learner.password})
    page = client.get("/lessons/no-such-lesson", headers={"accept": "text/html"})
    assert page.status_code == 404
    # Plain words for a learner: what was not found, no API or CLI jargon.
    assert "There is no lesson called “no-such-lesson”" in page.text
    assert "/api/v1" not in page.text and "pyroad roadmap" not in page.text
    assert "Log out" in page.text and "Sign up" not in page.text


def test_html_not_found_suggests_the_nearest_pages(client) -> None:
    page = client.get("/exercises/parse-prot", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "There is no exercise called “parse-prot”" in page.text
    assert 'href="/exercises/parse-port"' in page.text


def test_streamed_body_over_one_mib_without_length_is_413(learner: Learner) -> None:
    def chunks():
        for _ in range(20):
            yield b"x" * 100_000

    response = learner.client.post(
        f"/api/v1/exercises/{SLUG}/submissions",
        content=chunks(),
        headers={**learner.headers, "content-type": "application/json"},
    )
    body = assert_problem(response, 413, "1 MiB")
    assert body["instance"] == f"/api/v1/exercises/{SLUG}/submissions"


def test_cross_site_login_and_logout_are_refused(client, learner: Learner) -> None:
    login = {"email": learner.email, "password": learner.password}
    evil = {"origin": "https://evil.example"}
    refused = client.post("/login", data=login, headers=evil, follow_redirects=False)
    assert refused.status_code == 403
    assert client.post("/login", data=login, follow_redirects=False).status_code == 303
    # A logout form without our CSRF token (another site's) keeps the session.
    client.post("/logout", data={}, follow_redirects=False)
    assert client.get("/roadmap", follow_redirects=False).status_code == 200


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_login_never_redirects_off_site(client, learner: Learner, target: str) -> None:
    login = {"email": learner.email, "password": learner.password, "next": target}
    response = client.post("/login", data=login, follow_redirects=False)
    assert response.headers["location"] == "/roadmap"


def test_tokens_work_only_through_their_own_channel(client, learner: Learner) -> None:
    client.cookies.set("pyroad_session", learner.token)  # an API token as a browser cookie
    assert client.get("/dashboard", follow_redirects=False).status_code == 303  # → log in
    client.cookies.clear()
    client.post("/login", data={"email": learner.email, "password": learner.password})
    session_token = client.cookies["pyroad_session"]
    client.cookies.clear()
    as_bearer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {session_token}"})
    assert_problem(as_bearer, 401)


def test_expired_tokens_are_purged(learner: Learner, settings) -> None:
    from pyroad.accounts.models import TokenKind
    from pyroad.accounts.services import purge_expired_tokens, user_for_token
    from pyroad.errors import Unauthenticated

    engine = create_engine(settings.sqlalchemy_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        expire_token(session, learner.token)
        with pytest.raises(Unauthenticated, match="expired"):
            user_for_token(session, learner.token, TokenKind.API)
        assert purge_expired_tokens(session, older_than=timedelta(0)) >= 1
        with pytest.raises(Unauthenticated, match="not valid"):  # gone, not merely expired
            user_for_token(session, learner.token, TokenKind.API)
    engine.dispose()


def test_password_guessing_is_slowed_down(client, learner: Learner) -> None:
    wrong = {"email": learner.email, "password": "not-the-password"}
    for _ in range(10):
        assert_problem(client.post("/api/v1/auth/login", json=wrong), 401)
    limited = client.post("/api/v1/auth/login", json=wrong)
    assert_problem(limited, 429, "too many failed log-ins")
    assert int(limited.headers["retry-after"]) > 0
    right = {"email": learner.email, "password": learner.password}
    assert_problem(client.post("/api/v1/auth/login", json=right), 429)  # even the right one waits
    page = client.post("/login", data=right)
    assert page.status_code == 429 and "Too many failed log-ins" in page.text
