"""Results pushed to the exercise page (server-sent events), polling kept as the fallback."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, Request, Route, expect

from pyroad.curriculum.loader import load_catalog
from tests.browser.conftest import replace_code, sign_up
from tests.conftest import CURRICULUM

pytestmark = pytest.mark.browser

EXERCISE = "parse-request-line"
RIGHT = load_catalog(CURRICULUM)[0].require_exercise(EXERCISE).solution
POLL = re.compile(r"/api/v1/submissions/\d+$")


def test_the_verdict_arrives_by_the_event_stream(page: Page) -> None:
    sign_up(page)
    page.goto(f"/exercises/{EXERCISE}")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    replace_code(page, RIGHT)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
    streams = [url for url in requests if url.endswith("/events")]
    polls = [url for url in requests if POLL.search(url)]
    assert len(streams) == 1, requests
    assert len(polls) <= 1, polls  # one read for the shape, no polling loop


def test_without_the_stream_the_page_polls(page: Page) -> None:
    sign_up(page)
    page.goto(f"/exercises/{EXERCISE}")
    polls: list[Request] = []
    page.on("request", lambda request: polls.append(request) if POLL.search(request.url) else None)

    def refuse(route: Route) -> None:  # a proxy that does not pass event streams
        route.fulfill(status=502, body="")

    page.route(re.compile(r"/events$"), refuse)
    reads = 0

    def first_unfinished(route: Route) -> None:
        """The first read answers "still running", as on a grader slower than this one
        (graded already, it would carry the verdict and leave nothing to poll for)."""
        nonlocal reads
        reads += 1
        response = route.fetch()
        if reads > 1:
            route.fulfill(response=response)
            return
        body = {**response.json(), "status": "running", "verdict": None}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route(POLL, first_unfinished)
    replace_code(page, RIGHT)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
    assert len(polls) >= 2  # the shape read, then the fallback's polls
