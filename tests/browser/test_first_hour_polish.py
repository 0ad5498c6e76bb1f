"""What a beginner's first hour showed on screen (issue 15's trial): readable sign-up button,
lessons using their column, results brought into view on a desktop, feedback's inline code
keeping its spaces, the dashboard's spacing and links. Checked at 1280×900 and 390×844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import replace_code, screenshot, sign_up
from tests.server import Server

pytestmark = pytest.mark.browser

BANNER = "server-banner"  # reads two lines; prints two
HALF_BANNER = (
    "name = input()\nport = input()\nprint(f'Starting {name} on http://localhost:{port}')\n"
)
LESSON = "running-python-and-variables"  # has a commented `def greeting` block ~95 columns wide


def _colours(page: Page, selector: str) -> tuple[str, str]:
    return page.locator(selector).evaluate(
        "(n) => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]"
    )


def test_desktop_first_hour_polish(page: Page) -> None:
    # An anonymous visitor's Sign up button: its text is not drawn in its own background colour.
    page.goto(f"/exercises/{BANNER}")
    button = "#signup-cta a.button"
    expect(page.locator(button)).to_have_text("Sign up")
    text, background = _colours(page, button)
    assert text != background, f"Sign up reads {text} on {background}"
    screenshot(page, "polish-anon-cta", full_page=False)

    sign_up(page, "Polly")

    # A lesson uses its column: the widest example fits at 1280 px, no sideways scrolling.
    page.goto(f"/lessons/{LESSON}")
    block = page.locator("pre.highlight").filter(has_text="def greeting")
    expect(block).to_be_visible()
    assert block.evaluate("(n) => n.scrollWidth <= n.clientWidth + 1"), "the block is clipped"
    block.scroll_into_view_if_needed()
    screenshot(page, "polish-lesson-wide-block", full_page=False)

    # Run, then Submit: the answer is brought up from the bottom of the window.
    page.goto(f"/exercises/{BANNER}")
    replace_code(page, HALF_BANNER)
    page.get_by_text("Input for your program").click()
    page.get_by_label(re.compile("^What your program reads")).fill("orders\n8000\n")
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.locator("#run-status")).to_contain_text("finished", timeout=60_000)
    in_view = "(id) => { const b = document.getElementById(id).getBoundingClientRect();"
    in_view += " return b.top >= 0 && b.top < innerHeight * 0.6; }"
    page.wait_for_function(in_view, arg="run-output")
    screenshot(page, "polish-run-in-view", full_page=False)

    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_role("button", name="Submit").click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("some tests failed", timeout=60_000)
    page.wait_for_function(in_view, arg="verdict")
    screenshot(page, "polish-verdict-in-view", full_page=False)
    # Inline code in feedback keeps its spaces (`"  call the bank "` is not `" call the bank "`).
    code = page.locator("#results-body .md code").first
    expect(code).to_be_visible()
    assert code.evaluate("(n) => getComputedStyle(n).whiteSpace") in ("break-spaces", "pre-wrap")

    # The dashboard: Continue does not touch the cards; each recent submission opens.
    page.goto("/dashboard")
    go_on = page.locator("#continue").bounding_box()
    card = page.locator(".grid > .card").first.bounding_box()
    assert go_on is not None and card is not None
    assert card["y"] - (go_on["y"] + go_on["height"]) >= 12, (go_on, card)
    screenshot(page, "polish-dashboard", full_page=False)
    link = page.locator("#recent tbody tr").first.locator("a[href^='/submissions/']")
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_phone_first_hour_polish(browser: Browser, server: Server) -> None:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(f"/exercises/{BANNER}")
        cta = page.locator("#signup-cta")
        cta.scroll_into_view_if_needed()
        text, background = _colours(page, "#signup-cta a.button")
        assert text != background
        screenshot(page, "polish-phone-anon-cta", full_page=False)

        sign_up(page, "Pia")
        page.goto(f"/lessons/{LESSON}")
        block = page.locator("pre.highlight").filter(has_text="def greeting")
        block.scroll_into_view_if_needed()
        # Too wide for a phone: it scrolls inside itself, never the page.
        assert block.evaluate("(n) => getComputedStyle(n).overflowX") == "auto"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        screenshot(page, "polish-phone-lesson-wide-block", full_page=False)

        page.goto("/dashboard")
        go_on = page.locator("#continue").bounding_box()
        card = page.locator(".grid > .card").first.bounding_box()
        assert go_on is not None and card is not None
        assert card["y"] - (go_on["y"] + go_on["height"]) >= 12, (go_on, card)
        screenshot(page, "polish-phone-dashboard", full_page=False)
    finally:
        context.close()
