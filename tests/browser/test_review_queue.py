"""The dashboard's spaced-review queue in a real browser: due concepts as review exercises.

A pass graded for real puts its concepts in review (due in two days); then past passes are
seeded into the server's database (tests/review_seed.py) so concepts are due now. Screenshots:
test-artifacts/screenshots/dashboard-review-next.png and dashboard-review-queue*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pyroad.curriculum.loader import load_catalog
from tests.browser.conftest import replace_code, screenshot, sign_up
from tests.conftest import CURRICULUM
from tests.review_seed import seed_passes
from tests.server import Server

pytestmark = pytest.mark.browser

CATALOG, _ = load_catalog(CURRICULUM)
SOLVED = "parse-request-line"  # solved for real in the browser
PASSES = [  # disjoint-ish concepts passed days apart, so several are due now
    ("mask-token", 20.0),
    ("normalize-email", 16.0),
    ("format-order-line", 9.0),
    ("build-url", 6.0),
    ("status-class", 0.1),  # just passed: practising early moves nothing
]


def test_due_concepts_come_back_on_the_dashboard(page: Page, server: Server) -> None:
    email = sign_up(page, "Grace")
    page.goto("/dashboard")
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text("Nothing to review yet")

    # A real pass, graded by the server: its concepts enter review, due in two days.
    solved = CATALOG.require_exercise(SOLVED)
    page.goto(f"/exercises/{SOLVED}")
    replace_code(page, solved.solution)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
    page.goto("/dashboard")
    expect(page.locator("#review-none")).to_contain_text("Nothing to review today. Next:")
    expect(page.locator("#review-none")).to_contain_text(
        f"({len(solved.concepts)} concepts in review)"
    )
    queue.scroll_into_view_if_needed()
    screenshot(page, "dashboard-review-next", full_page=False)

    seed_passes(server.data_dir, CATALOG, email, PASSES)
    page.goto("/dashboard")
    expect(queue.get_by_role("heading", name=re.compile(r"^Review"))).to_be_visible()
    expect(page.locator("#review-due")).to_have_text(re.compile(r"^\d+ concepts due$"))
    items = queue.locator(".review-item")
    expect(items.first).to_be_visible()
    assert 1 <= items.count() <= 5
    first = items.first
    expect(first).to_contain_text(re.compile(r"came due (in the last )?\d+ days( ago)?"))
    expect(first).to_contain_text("Reviews:")
    queue.scroll_into_view_if_needed()
    screenshot(page, "dashboard-review-queue")
    screenshot(page, "dashboard-review-queue-card", full_page=False)

    # On a phone the queue stays readable: one column, the button wraps under the title.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard")
    queue.scroll_into_view_if_needed()
    box = queue.bounding_box()
    assert box is not None and box["width"] <= 390
    screenshot(page, "dashboard-review-queue-phone", full_page=False)

    # "Review →" opens the exercise that reviews those concepts.
    slug = (first.get_attribute("id") or "").removeprefix("review-")
    first.get_by_role("link", name=re.compile(r"^Review ")).click()
    expect(page).to_have_url(re.compile(f"/exercises/{slug}$"))
