"""The learner's path through the UI in a real browser: the issue's acceptance walk-through."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from pyroad.curriculum.loader import load_catalog
from tests.browser.conftest import (
    editor_text,
    focus_editor,
    log_in,
    replace_code,
    screenshot,
    sign_up,
)
from tests.conftest import CURRICULUM
from tests.server import Server

pytestmark = pytest.mark.browser

EXERCISE = "parse-request-line"
WRONG_TYPED = 'def parse_request_line(line):\nreturn tuple(line.split(" "))'
WRONG = 'def parse_request_line(line):\n    return tuple(line.split(" "))'
CATALOG, _ = load_catalog(CURRICULUM)
SHIPPED = CATALOG.require_exercise(EXERCISE)
RIGHT = SHIPPED.solution
UPPER = next(probe for probe in SHIPPED.tests if probe.name == "method in upper case")


def run_tests(page: Page) -> None:
    """Grade the code: the button is "Submit" (Run only runs it, ungraded)."""
    page.get_by_role("button", name="Submit").click()


def test_sign_up_learn_fail_fix_pass_continue(page: Page) -> None:
    sign_up(page)
    expect(page.locator("#overall-progress")).to_have_text(
        re.compile(r"^0 of \d+ exercises solved$")
    )
    screenshot(page, "roadmap-new")

    # Step 1 is open on a new account; read one of its lessons.
    step1 = page.locator("#step-1")
    expect(step1.locator("details")).to_have_attribute("open", "")
    step1.get_by_role("link", name="Strings: the raw material of requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Strings: the raw material of requests"
    )
    expect(page.get_by_role("complementary", name="Table of contents")).to_be_visible()
    expect(page.locator(".prose .highlight").first).to_be_visible()  # Pygments-highlighted code
    screenshot(page, "lesson")

    # The lesson links to the exercises that practise it.
    page.locator(".practice").get_by_role("link", name="Parse an HTTP request line").click()
    expect(page).to_have_url(re.compile(f"/exercises/{EXERCISE}$"))
    expect(page.locator("#limits")).to_contain_text("5 seconds")
    expect(page.locator(".cm-editor")).to_be_visible()
    screenshot(page, "exercise-new")

    # Type a wrong solution: Enter after the colon indents the next line by itself.
    focus_editor(page)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(WRONG_TYPED)
    expect(page.locator("textarea#code")).to_have_value(WRONG)
    page.keyboard.press("ControlOrMeta+Enter")  # keyboard submit
    expect(page.locator("#verdict")).to_contain_text("some tests failed", timeout=60_000)
    expect(page.locator("#test-count")).to_contain_text(
        f"{SHIPPED.tests_total} tests, {SHIPPED.tests_hidden} hidden"
    )
    name = page.locator(".test-name", has_text=re.compile(f"^{UPPER.name}$"))
    failing = page.locator("li.test.failed").filter(has=name)
    expect(failing).to_contain_text(UPPER.message.replace("`", ""))
    # A hidden test: its rule and a "hidden" mark, never the call or the expected value.
    assert not UPPER.visible
    expect(failing.locator(".hidden-test")).to_have_text("hidden")
    expect(failing).not_to_contain_text(UPPER.code)
    expect(failing).not_to_contain_text("Expected")
    expect(page.locator("li.test.passed", has_text="a simple GET")).to_contain_text("Passed")
    screenshot(page, "exercise-failing")

    replace_code(page, RIGHT)
    run_tests(page)
    expect(page.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
    expect(page.locator("li.test.passed")).to_have_count(SHIPPED.tests_total)
    expect(page.locator(".statement .badge")).to_have_text("✓ Solved")
    expect(page.locator("#next-exercise")).to_be_visible()
    screenshot(page, "exercise-passing")

    # The roadmap moves, and Continue recommends another exercise.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roadmap").click()
    expect(page.locator("#overall-progress")).to_have_text(
        re.compile(r"^1 of \d+ exercises solved$")
    )
    expect(page.locator("#step-1")).to_contain_text("1/")
    expect(page.locator("#step-1 .badge.in-progress")).to_have_text("● In progress")
    expect(
        page.locator("#step-1")
        .get_by_role("link", name="Parse an HTTP request line")
        .locator("xpath=..")
        .locator(".badge")
    ).to_have_text("✓ Solved")
    screenshot(page, "roadmap-progress")
    # Continue follows the guided path: the next lesson or exercise not done yet.
    page.locator("#continue").click()
    expect(page).to_have_url(re.compile(r"/(lessons|exercises)/[a-z0-9-]+$"))
    assert not page.url.endswith(EXERCISE)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto("/dashboard")
    expect(page.locator("#solved")).to_have_text("1")
    expect(page.locator("#streak")).to_have_text("1")
    expect(page.locator("#recent")).to_contain_text("Passed")
    expect(page.locator("#recent")).to_contain_text("Failed")
    screenshot(page, "dashboard")


def test_draft_survives_reload_and_hints_come_one_at_a_time(page: Page) -> None:
    sign_up(page, "Grace")
    page.goto(f"/exercises/{EXERCISE}")
    replace_code(page, "def parse_request_line(line):\n    # my draft\n    return line\n")
    expect(page.locator("#draft-status")).to_have_text("Draft saved.")
    page.reload()
    expect(page.locator(".cm-content")).to_contain_text("# my draft")
    assert "# my draft" in editor_text(page)

    # Reset puts the starter back, and can be undone.
    page.get_by_role("button", name="Reset to starter code").click()
    expect(page.locator(".cm-content")).to_contain_text("# Your code here")
    page.get_by_role("button", name="Undo reset").click()
    expect(page.locator(".cm-content")).to_contain_text("# my draft")

    hints = page.locator("#hint-list li")
    expect(hints).to_have_count(0)
    page.get_by_role("button", name="Show hint 1 of 3").click()
    expect(hints).to_have_count(1)
    page.get_by_role("button", name="Show hint 2 of 3").click()
    expect(hints).to_have_count(2)
    screenshot(page, "exercise-hints")
    page.reload()  # the count is recorded on the server
    expect(hints).to_have_count(2)
    page.get_by_role("button", name="Show hint 3 of 3").click()
    expect(page.get_by_role("button", name="All 3 hints shown")).to_be_disabled()
    # `code` in a hint is rendered as code.
    first_span = re.search(r"`([^`]+)`", SHIPPED.hints[1])
    assert first_span is not None
    expect(hints.nth(1).locator("code").first).to_have_text(first_span[1])

    # An exception: the traceback of the learner's own code, and what it means in plain words.
    replace_code(page, "def parse_request_line(line):\n    return line.split()[1] / 2\n")
    run_tests(page)
    # Every test raises: the verdict is an error, said once, not "some tests failed".
    expect(page.locator("#verdict")).to_contain_text(
        "raised an exception in every test", timeout=60_000
    )
    erroring = page.locator("li.test.error").first
    expect(erroring).to_contain_text("TypeError")
    expect(page.locator(".statement .badge")).to_have_text("● Attempted")
    screenshot(page, "exercise-error")
    replace_code(page, "x = 1 / 0\n")
    run_tests(page)
    expect(page.locator("#verdict")).to_contain_text("Your code raised an error.", timeout=60_000)
    expect(page.locator(".traceback")).to_contain_text("ZeroDivisionError")
    expect(page.locator(".explain")).to_be_visible()


def test_timeout_is_reported_as_a_timeout(page: Page) -> None:
    sign_up(page, "Linus")
    page.goto(f"/exercises/{EXERCISE}")
    replace_code(page, "while True:\n    pass\n")

    # While a run goes on, the API lists finished tests and marks the rest pending. Hold the
    # page on such an answer (whatever the real grader's pace) to check how it is shown.
    names = [
        "a simple GET",
        "method in upper case",
        "query string kept in the path",
        "too few parts",
        "too many parts",
        "trailing newline",
    ]
    partial = {
        "id": 1,
        "exercise": EXERCISE,
        "status": "running",
        "verdict": None,
        "summary": "",
        "created_at": "2026-01-01T00:00:00Z",
        "finished_at": None,
        "duration_ms": None,
        "tests": [
            {
                "name": name,
                "status": "passed" if i < 2 else "pending",
                "message": "",
                "stdout": "",
                "traceback": "",
            }
            for i, name in enumerate(names)
        ],
        "traceback": "",
        "explanation": "",
        "stdout": "",
        "next_exercise": None,
    }

    def still_running(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(partial))

    page.route("**/api/v1/submissions/*", still_running)
    run_tests(page)
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("Grading… 2 of 6 tests done")
    expect(page.locator("li.test.passed")).to_have_count(2)
    expect(page.locator("li.test.pending")).to_have_count(4)
    expect(page.locator("li.test.pending").first).to_contain_text("Waiting")
    screenshot(page, "exercise-running")
    page.unroute("**/api/v1/submissions/*", still_running)

    expect(verdict).to_contain_text("Time limit exceeded", timeout=60_000)
    expect(verdict).to_contain_text("more than 5 seconds")
    expect(verdict).not_to_contain_text("error")
    screenshot(page, "exercise-timeout")


def test_session_expiry_keeps_the_draft_and_asks_to_log_in(
    page: Page, context: BrowserContext
) -> None:
    email = sign_up(page, "Barbara")
    page.goto(f"/exercises/{EXERCISE}")
    replace_code(page, "def parse_request_line(line):\n    return 'kept'\n")
    expect(page.locator("#draft-status")).to_have_text("Draft saved.")
    context.clear_cookies()  # the session ends while the learner is editing
    focus_editor(page)
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.insert_text("# written after the session ended\n")
    alert = page.get_by_role("alert").filter(has_text="session has expired")
    expect(alert).to_be_visible()
    screenshot(page, "exercise-session-expired")
    alert.get_by_role("link", name="Log in again").click()
    log_in(page, email)
    expect(page).to_have_url(re.compile(f"/exercises/{EXERCISE}$"))
    expect(page.locator(".cm-content")).to_contain_text("# written after the session ended")
    expect(page.locator("#draft-status")).to_have_text("Draft saved.")


def test_a_huge_paste_gets_a_size_message_and_offline_submits_are_retried(
    page: Page, context: BrowserContext
) -> None:
    sign_up(page, "Katherine")
    page.goto(f"/exercises/{EXERCISE}")
    focus_editor(page)
    page.keyboard.press("ControlOrMeta+a")
    page.locator(".cm-content").evaluate(
        """(node) => {
            const data = new DataTransfer();
            data.setData("text/plain", "x = 1\\n".repeat(1024 * 1024 / 6));
            const paste = { clipboardData: data, bubbles: true, cancelable: true };
            node.dispatchEvent(new ClipboardEvent("paste", paste));
        }"""
    )
    warning = page.locator("#size-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("the limit is 64 KiB")
    run_tests(page)
    expect(warning).to_contain_text("Your code is 1024 KiB")
    expect(page.locator("#results-body")).to_contain_text(
        "Not submitted: your code is over the 64 KiB limit"
    )
    screenshot(page, "exercise-too-large", full_page=False)

    # Offline: the submission is retried, then graded once the connection is back.
    replace_code(page, WRONG)
    expect(warning).to_be_hidden()
    context.set_offline(True)
    run_tests(page)
    expect(page.locator("#results-body")).to_contain_text(
        "The server is not reachable; trying again"
    )
    context.set_offline(False)
    expect(page.locator("#verdict")).to_contain_text("some tests failed", timeout=60_000)


def test_phone_layout_in_dark_mode(browser: Browser, server: Server) -> None:
    """A phone-sized window in dark mode: nothing scrolls sideways, the editor and results fit."""
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        color_scheme="dark",
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = context.new_page()
        sign_up(page, "Margaret")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        screenshot(page, "phone-dark-roadmap")
        for path in (f"/exercises/{EXERCISE}", "/lessons/strings-and-requests", "/dashboard"):
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        page.goto(f"/exercises/{EXERCISE}")
        replace_code(page, WRONG)
        run_tests(page)
        expect(page.locator("#verdict")).to_contain_text("some tests failed", timeout=60_000)
        screenshot(page, "phone-dark-exercise")
    finally:
        context.close()
