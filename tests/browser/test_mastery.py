"""Mastery and the explained Continue in a real browser (issue 12, part 1).

A learner reads step 1's lessons, fails an exercise twice and passes another, all through
the exercise page and the real grader; the roadmap and the dashboard then show mastery per
step and per concept, and Continue says why it picks what it picks, naming the missed test.
Screenshots: test-artifacts/screenshots/*mastery*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pyroad.curriculum.loader import load_catalog
from tests.browser.conftest import replace_code, screenshot, sign_up
from tests.conftest import CURRICULUM
from tests.server import Server

pytestmark = pytest.mark.browser

CATALOG, _ = load_catalog(CURRICULUM)
MISSED = CATALOG.require_exercise("is-success-status")
PASSED = CATALOG.require_exercise("normalize-email")
WRONG = [(MISSED.path / "wrong" / name).read_text() for name in ("only-200.py", "includes-300.py")]


def submit(page: Page, code: str, expected: str) -> None:
    replace_code(page, code)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text(expected, timeout=60_000)


def test_roadmap_and_dashboard_show_mastery_and_an_explained_continue(
    page: Page, server: Server
) -> None:
    sign_up(page, "Mary")
    for lesson in CATALOG.steps[0].lessons:
        page.goto(f"/lessons/{lesson.slug}")
    page.goto(f"/exercises/{PASSED.slug}")
    submit(page, PASSED.solution, "All tests passed!")
    page.goto(f"/exercises/{MISSED.slug}")
    for code in WRONG:
        submit(page, code, "some tests failed")

    page.goto("/roadmap")
    because = page.locator("#because")
    expect(because).to_contain_text(re.compile(r"^Because you missed “.+”"))
    expect(because).to_contain_text("% mastered")
    panel = page.locator("#mastery")
    expect(panel.get_by_role("heading", name="Mastery")).to_be_visible()
    step1 = page.locator("#mastery-step-1")
    expect(step1.locator("details")).to_have_attribute("open", "")
    concepts = step1.locator(".concept")
    assert concepts.count() == len({c for e in CATALOG.steps[0].exercises for c in e.concepts})
    # Weakest first: the concepts of the exercise failed twice lead the list.
    expect(concepts.first.locator(".concept-name")).to_have_text(
        re.compile("|".join(MISSED.concepts))
    )
    expect(page.locator("#placement-offer")).to_contain_text("placement check")
    screenshot(page, "roadmap-mastery")
    page.locator(".continue-card").scroll_into_view_if_needed()
    screenshot(page, "roadmap-mastery-continue", full_page=False)

    page.goto("/dashboard")
    expect(page.locator("#because")).to_have_text(re.compile(r"^Because you missed"))
    expect(page.locator("#mastery-step-1")).to_be_visible()
    page.locator("#mastery").scroll_into_view_if_needed()
    screenshot(page, "dashboard-mastery")
    screenshot(page, "dashboard-mastery-card", full_page=False)

    # Continue goes where the reason says.
    page.get_by_role("link", name=re.compile(r"^Continue: ")).click()
    expect(page).to_have_url(re.compile(r"/exercises/[a-z0-9-]+$"))

    # The placement check: its page, started, leads through its exercises.
    page.goto("/placement")
    page.get_by_role("button", name="Start the placement check").click()
    expect(page.locator("#placement-next")).to_be_visible()
    expect(page.locator("#placement-step-1")).to_contain_text("To do")
    screenshot(page, "mastery-placement")

    # On a phone the panel keeps to the screen's width.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard")
    page.locator("#mastery").scroll_into_view_if_needed()
    box = page.locator("#mastery").bounding_box()
    assert box is not None and box["width"] <= 390
    screenshot(page, "dashboard-mastery-phone", full_page=False)
