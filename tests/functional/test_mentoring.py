"""Mentoring through the API and the pages: line comments (sanitised), the learner's unread
count, help requests and the mentor queue, comments to a group of same-shaped solutions,
the similarity report — and every staff endpoint refusing learners and other cohorts' staff."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Learner
from tests.functional.mentoring_world import SLUG, School, make_school, store, user_id

HTML = {"Accept": "text/html"}

LOOP = """subtotal = input()
coupon = input()

total = 0
for part in subtotal.split():
    total += int(part)
print(f"Subtotal: {total}")
"""
LOOP_RENAMED = """subtotal = input()
coupon = input()

acc = 7
for piece in subtotal.split():
    acc += int(piece)
print(f"Subtotal: {acc}")
"""
ONE_LINER = """subtotal = input()
coupon = input()
print(f"Subtotal: {sum(int(p) for p in subtotal.split())}")
"""


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


@pytest.fixture
def school(client: TestClient) -> School:
    return make_school(client)


class _Elements(HTMLParser):
    """Every element and attribute in a piece of HTML (escaped text is just text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


SAFE_TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote"}


def active_content(html: str) -> list[str]:
    """What in this HTML could run or load something: other tags, handlers, odd links."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in SAFE_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src"):
                problems.append(f"{tag}[{name}]")
            if name == "href" and not (value or "").startswith(("https:", "http:", "mailto:")):
                problems.append(f"{tag}[href={value}]")
    return problems


def page(person: Learner, path: str) -> Any:
    """An HTML page as this person's browser would ask for it."""
    return person.client.get(path, headers={**person.headers, **HTML})


def comment(person: Learner, submission_id: int, body: str, line: int | None = 1) -> Any:
    return person.post(
        f"/api/v1/submissions/{submission_id}/comments", json={"line": line, "body": body}
    )


# ---- line comments --------------------------------------------------------------------------


def test_a_mentor_comments_a_line_and_the_learner_reads_it(school: School) -> None:
    submission = store(school.ada.client, school.ada, LOOP)
    sent = school.mentor.post(
        f"/api/v1/submissions/{submission}/comments",
        json={"line": 5, "body": "Try **`sum()`** here: see [the docs](https://docs.python.org)."},
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["line"] == 5 and body["exercise"] == SLUG and body["read_at"] is None
    assert "<strong><code>sum()</code></strong>" in body["body_html"]
    assert 'href="https://docs.python.org"' in body["body_html"]
    assert 'rel="noopener noreferrer nofollow"' in body["body_html"]

    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 1}
    seen = school.ada.get(f"/api/v1/submissions/{submission}/comments").json()
    assert seen["can_comment"] is False and seen["lines"] == LOOP.count("\n")
    assert [c["body"] for c in seen["comments"]] == [body["body"]]
    staff_view = school.teacher.get(f"/api/v1/submissions/{submission}/comments").json()
    assert staff_view["can_comment"] is True

    # The submission page carries the comments section; the feedback page lists it, unread.
    shown = page(school.ada, f"/submissions/{submission}")
    assert shown.status_code == 200
    assert 'id="comments"' in shown.text and f'data-submission-id="{submission}"' in shown.text
    assert 'id="nav-feedback"' in shown.text
    feedback = page(school.ada, "/feedback")
    assert "<strong><code>sum()</code></strong>" in feedback.text
    assert "1 new comment" in feedback.text
    assert school.ada.get("/api/v1/feedback").json()[0]["line"] == 5

    # A mentor opening it changes nothing; the learner opening it marks it read.
    assert school.mentor.post(f"/api/v1/submissions/{submission}/comments/read").status_code == 404
    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 1}
    read = school.ada.post(f"/api/v1/submissions/{submission}/comments/read")
    assert read.json() == {"marked": 1}
    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 0}


def test_script_tags_in_comments_never_reach_a_page(school: School) -> None:
    """End to end (the sanitiser's full list of attacks is in tests/unit/teaching)."""
    assert active_content("<p><script>x</script><a href='javascript:x'>y</a></p>")  # not vacuous
    submission = store(school.ada.client, school.ada, LOOP)
    for attack in ("<script>alert('x')</script>hello", "<img src=x onerror=alert(1)>"):
        sent = comment(school.teacher, submission, attack)
        assert sent.status_code == 201, sent.text
        assert active_content(sent.json()["body_html"]) == [], sent.json()["body_html"]
    listed = school.ada.get(f"/api/v1/submissions/{submission}/comments").json()["comments"]
    assert all(active_content(c["body_html"]) == [] for c in listed)
    feedback = page(school.ada, "/feedback").text
    assert "<script>alert" not in feedback and "<img src=x" not in feedback
    assert "&lt;script&gt;alert" in feedback  # shown as the text the mentor typed


def test_bad_comments_are_refused_with_a_reason(school: School) -> None:
    submission = store(school.ada.client, school.ada, LOOP)
    lines = LOOP.count("\n")
    outside = comment(school.mentor, submission, "x", line=lines + 1)
    assert outside.status_code == 422
    assert f"lines 1–{lines}" in outside.json()["detail"]
    assert comment(school.mentor, submission, "   ").status_code == 422
    too_long = comment(school.mentor, submission, "x" * 5001)
    assert too_long.status_code == 422 and "5000" in too_long.json()["detail"]
    assert comment(school.mentor, submission, "x", line=0).status_code == 422
    assert comment(school.mentor, 2**31 - 1, "x").status_code == 404
    whole = comment(school.mentor, submission, "Overall: nice work.", line=None)
    assert whole.status_code == 201 and whole.json()["line"] is None


def test_a_learner_cannot_comment_on_own_or_others_work(school: School) -> None:
    mine = store(school.ada.client, school.ada, LOOP)
    own = comment(school.ada, mine, "I am great")
    assert own.status_code == 403
    assert "mentor or teacher" in own.json()["detail"]
    assert comment(school.bob, mine, "copying you").status_code == 404
    assert school.bob.get(f"/api/v1/submissions/{mine}/comments").status_code == 404


def test_only_the_author_takes_a_comment_back(school: School) -> None:
    submission = store(school.ada.client, school.ada, LOOP)
    comment_id = comment(school.mentor, submission, "oops").json()["id"]
    assert (
        school.teacher.client.delete(
            f"/api/v1/comments/{comment_id}", headers=school.teacher.headers
        ).status_code
        == 403
    )
    assert (
        school.ada.client.delete(
            f"/api/v1/comments/{comment_id}", headers=school.ada.headers
        ).status_code
        == 404
    )
    gone = school.mentor.client.delete(
        f"/api/v1/comments/{comment_id}", headers=school.mentor.headers
    )
    assert gone.status_code == 204
    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 0}


# ---- help requests and the mentor queue -----------------------------------------------------


def test_ask_for_help_reaches_the_mentor_queue_once_and_is_resolved(school: School) -> None:
    submission = store(school.ada.client, school.ada, LOOP)
    assert school.ada.get(f"/api/v1/exercises/{SLUG}/help").json() == {
        "can_ask": True,
        "request": None,
    }
    asked = school.ada.post(f"/api/v1/exercises/{SLUG}/help", json={"message": "Stuck on cents"})
    assert asked.status_code == 201, asked.text
    again = school.ada.post(
        f"/api/v1/exercises/{SLUG}/help",
        json={"message": "Still stuck: rounding", "submission_id": submission},
    )
    assert again.json()["id"] == asked.json()["id"]  # one place in the queue

    queue = school.mentor.get(f"/api/v1/cohorts/{school.cohort}/help").json()
    assert len(queue) == 1
    assert queue[0]["message"] == "Still stuck: rounding"
    assert queue[0]["learner_id"] == user_id(school.ada)
    assert queue[0]["latest_submission_id"] == submission
    shown = page(school.mentor, f"/teach/cohorts/{school.cohort}/help")
    assert shown.status_code == 200 and "Still stuck: rounding" in shown.text
    assert f'id="help-{asked.json()["id"]}"' in shown.text
    # Another cohort's queue does not show Ada.
    assert school.other_teacher.get(f"/api/v1/cohorts/{school.other_cohort}/help").json() == []

    request_id = asked.json()["id"]
    refused = school.other_teacher.post(
        f"/api/v1/cohorts/{school.other_cohort}/help/{request_id}/resolve"
    )
    assert refused.status_code == 404
    done = school.mentor.post(f"/api/v1/cohorts/{school.cohort}/help/{request_id}/resolve")
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert school.mentor.get(f"/api/v1/cohorts/{school.cohort}/help").json() == []
    resolved = school.mentor.get(f"/api/v1/cohorts/{school.cohort}/help?status=resolved").json()
    assert [r["id"] for r in resolved] == [request_id]


def test_help_requests_refused_with_reasons(school: School) -> None:
    alone = school.loner.post(f"/api/v1/exercises/{SLUG}/help", json={"message": "help"})
    assert alone.status_code == 409 and "not in a class" in alone.json()["detail"]
    assert school.loner.get(f"/api/v1/exercises/{SLUG}/help").json()["can_ask"] is False
    assert school.ada.get("/api/v1/exercises/no-such-thing/help").status_code == 404
    assert (
        school.ada.post("/api/v1/exercises/no-such-thing/help", json={"message": "x"}).status_code
        == 404
    )
    assert (
        school.ada.post(f"/api/v1/exercises/{SLUG}/help", json={"message": " "}).status_code == 422
    )
    bobs = store(school.bob.client, school.bob, LOOP)
    stolen = school.ada.post(
        f"/api/v1/exercises/{SLUG}/help", json={"message": "x", "submission_id": bobs}
    )
    assert stolen.status_code == 404
    mine = school.ada.post(f"/api/v1/exercises/{SLUG}/help", json={"message": "x"}).json()
    assert school.bob.post(f"/api/v1/help/{mine['id']}/withdraw").status_code == 404
    withdrawn = school.ada.post(f"/api/v1/help/{mine['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert school.mentor.get(f"/api/v1/cohorts/{school.cohort}/help").json() == []


def test_the_exercise_page_offers_help(school: School) -> None:
    shown = page(school.ada, f"/exercises/{SLUG}")
    assert 'id="help-request"' in shown.text and 'id="ask-help"' in shown.text


# ---- equivalent-solution groups ------------------------------------------------------------


def test_one_comment_reaches_every_learner_whose_solution_has_the_same_shape(
    client: TestClient, school: School
) -> None:
    store(client, school.ada, ONE_LINER)  # older: the latest submission counts
    ada_latest = store(client, school.ada, LOOP)
    bob_latest = store(client, school.bob, LOOP_RENAMED)
    store(client, school.carol, LOOP)  # other cohort: never in this cohort's groups
    groups = school.teacher.get(f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/groups")
    assert groups.status_code == 200, groups.text
    found = groups.json()
    assert len(found) == 1 and found[0]["size"] == 2
    assert {m["submission_id"] for m in found[0]["members"]} == {ada_latest, bob_latest}
    shape = found[0]["shape"]

    shown = page(school.mentor, f"/teach/cohorts/{school.cohort}/exercises/{SLUG}/groups")
    assert shown.status_code == 200 and f'id="group-{shape}"' in shown.text

    sent = school.mentor.post(
        f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/groups/{shape}/comments",
        json={"body": "Have a look at `sum()` with a generator."},
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["sent"] == 2
    for learner, submission in ((school.ada, ada_latest), (school.bob, bob_latest)):
        assert learner.get("/api/v1/feedback/unread").json() == {"unread": 1}
        comments = learner.get(f"/api/v1/submissions/{submission}/comments").json()["comments"]
        assert comments[0]["shape"] == shape and comments[0]["line"] is None
    assert school.carol.get("/api/v1/feedback/unread").json() == {"unread": 0}

    missing = school.mentor.post(
        f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/groups/{'0' * 16}/comments",
        json={"body": "x"},
    )
    assert missing.status_code == 404
    malformed = school.mentor.post(
        f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/groups/NOT-A-SHAPE/comments",
        json={"body": "x"},
    )
    assert malformed.status_code == 422


# ---- similarity ----------------------------------------------------------------------------


def test_similarity_flags_a_renamed_copy_ignoring_starter_code_and_shows_them_side_by_side(
    client: TestClient, school: School
) -> None:
    ada = store(client, school.ada, LOOP)
    bob = store(client, school.bob, LOOP_RENAMED)
    report = school.teacher.get(f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/similarity")
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["compared"] == 2
    assert "not evidence of copying" in body["note"]
    pair = body["pairs"][0]
    assert {pair["a"]["submission_id"], pair["b"]["submission_id"]} == {ada, bob}
    assert pair["worth_a_look"] is True

    shown = page(school.teacher, f"/teach/cohorts/{school.cohort}/exercises/{SLUG}/similarity")
    assert shown.status_code == 200 and "Worth a look" in shown.text
    assert "not evidence of copying" in shown.text
    assert "plagiari" not in shown.text.lower() and "cheat" not in shown.text.lower()

    view = school.mentor.get(
        f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/similarity/{ada}/{bob}"
    ).json()
    marked = {n for first, last in view["left"]["matching_lines"] for n in range(first, last + 1)}
    assert marked and not marked & {1, 2, 3}  # the starter's lines and the blank one
    side = page(
        school.mentor, f"/teach/cohorts/{school.cohort}/exercises/{SLUG}/similarity/{ada}/{bob}"
    )
    assert side.status_code == 200
    assert 'id="side-left"' in side.text and 'class="match"' in side.text

    carols = store(client, school.carol, LOOP)
    outside = school.teacher.get(
        f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/similarity/{ada}/{carols}"
    )
    assert outside.status_code == 404


def test_only_starter_code_is_not_similar(client: TestClient, school: School) -> None:
    starter = client.get(f"/api/v1/exercises/{SLUG}").json()["starter"]
    store(client, school.ada, starter)
    store(client, school.bob, starter)
    report = school.teacher.get(f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/similarity")
    assert report.json()["pairs"] == []


def test_ten_thousand_line_submissions_are_reported_within_the_bound(
    client: TestClient, school: School
) -> None:
    huge = "\n".join(f"v{i} = f(v{i - 1}, {i})" for i in range(1, 10_001)) + "\n"
    ada = store(client, school.ada, huge)
    bob = store(client, school.bob, huge)
    report = school.teacher.get(f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}/similarity")
    assert report.status_code == 200
    assert set(report.json()["truncated"]) == {ada, bob}
    side = page(
        school.teacher, f"/teach/cohorts/{school.cohort}/exercises/{SLUG}/similarity/{ada}/{bob}"
    )
    assert side.status_code == 200 and "compared on its first part only" in side.text
    assert side.text.count("<li") <= 2 * 2000 + 50  # the view shows the start of each


# ---- authorisation: every endpoint refuses learners and other cohorts' staff ---------------


def staff_endpoints(school: School, submission: int, other: int) -> list[tuple[str, str, dict]]:
    c = school.cohort
    shape = "0123456789abcdef"
    return [
        ("GET", f"/api/v1/cohorts/{c}/help", {}),
        ("POST", f"/api/v1/cohorts/{c}/help/1/resolve", {}),
        ("GET", f"/api/v1/cohorts/{c}/exercises/{SLUG}/groups", {}),
        ("POST", f"/api/v1/cohorts/{c}/exercises/{SLUG}/groups/{shape}/comments", {"body": "x"}),
        ("GET", f"/api/v1/cohorts/{c}/exercises/{SLUG}/similarity", {}),
        ("GET", f"/api/v1/cohorts/{c}/exercises/{SLUG}/similarity/{submission}/{other}", {}),
        ("GET", f"/teach/cohorts/{c}/help", {}),
        ("GET", f"/teach/cohorts/{c}/exercises/{SLUG}/groups", {}),
        ("GET", f"/teach/cohorts/{c}/exercises/{SLUG}/similarity", {}),
        ("GET", f"/teach/cohorts/{c}/exercises/{SLUG}/similarity/{submission}/{other}", {}),
    ]


def call(person: Learner, method: str, path: str, body: dict) -> Any:
    headers = {**person.headers, **(HTML if path.startswith("/teach") else {})}
    return person.client.request(method, path, headers=headers, json=body or None)


def test_every_staff_endpoint_refuses_a_learner_and_another_cohorts_teacher(
    client: TestClient, school: School
) -> None:
    ada = store(client, school.ada, LOOP)
    bob = store(client, school.bob, LOOP_RENAMED)
    for method, path, body in staff_endpoints(school, ada, bob):
        as_learner = call(school.ada, method, path, body)
        assert as_learner.status_code == 403, (path, as_learner.status_code)
        as_other = call(school.other_teacher, method, path, body)
        assert as_other.status_code == 404, (path, as_other.status_code)
        as_loner = call(school.loner, method, path, body)
        assert as_loner.status_code == 404, (path, as_loner.status_code)
        anonymous = client.request(method, path, json=body or None, follow_redirects=False)
        assert anonymous.status_code in (401, 303), (path, anonymous.status_code)
    # The submission endpoints: 404 for other cohorts' staff (the id is not theirs to know).
    for method, path, body in [
        ("GET", f"/api/v1/submissions/{ada}/comments", {}),
        ("POST", f"/api/v1/submissions/{ada}/comments", {"line": 1, "body": "x"}),
        ("POST", f"/api/v1/submissions/{ada}/comments/read", {}),
    ]:
        assert call(school.other_teacher, method, path, body).status_code == 404, path
        assert call(school.bob, method, path, body).status_code == 404, path
    # A learner's mark-read and feedback are their own: nothing of Ada's leaks to Bob.
    comment_id = comment(school.mentor, ada, "for Ada").json()["id"]
    for outsider in (school.other_teacher, school.bob, school.ada):
        taken = outsider.client.delete(f"/api/v1/comments/{comment_id}", headers=outsider.headers)
        assert taken.status_code == 404, taken.text
    assert school.bob.get("/api/v1/feedback").json() == []
    assert "for Ada" not in page(school.bob, "/feedback").text
    # Staff of the cohort get through on the same endpoints.
    for method, path, body in staff_endpoints(school, ada, bob)[:1]:
        assert call(school.mentor, method, path, body).status_code == 200
