"""An author writes an exercise in the browser, the gate shows a problem next to its field,
the author fixes it and publishes, and a learner solves the new exercise."""

from __future__ import annotations

import os
import re
import subprocess
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.authoring_samples import (
    RIGHT_ADD,
    SOLUTION,
    STARTER,
    STATEMENT,
    TESTS,
    WRONG_ADD,
    WRONG_SQUARE,
)
from tests.browser.conftest import PASSWORD, log_in, replace_code, screenshot, sign_up
from tests.server import PYROAD, Server

SLUG = "double-it"


def make_author(server: Server) -> str:
    """`pyroad admin create --role author`, as the README tells an operator to."""
    email = f"author-{uuid.uuid4().hex[:8]}@example.com"
    subprocess.run(
        [str(PYROAD), "admin", "create", email, "--name", "Grace", "--role", "author",
         "--password-stdin"],
        input=PASSWORD, text=True, check=True, capture_output=True,
        env={**os.environ, **{k: v for k, v in server.env.items() if k.startswith("PYROAD_")}},
    )  # fmt: skip
    return email


def fill(page: Page, label: str, value: str) -> None:
    page.locator(f"#f-{label}").fill(value)


def test_author_creates_checks_fixes_publishes_and_a_learner_solves(
    page: Page, browser: Browser, server: Server
) -> None:
    email = make_author(server)
    page.goto("/login?next=/author")
    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/author$"))
    expect(page.get_by_role("link", name="Author")).to_be_visible()
    page.get_by_role("button", name="New exercise").click()
    expect(page).to_have_url(re.compile(r"/author/drafts/\d+$"))

    fill(page, "slug", SLUG)
    fill(page, "title", "Double it")
    page.locator("#f-step").select_option("2")
    fill(page, "order", "90")
    fill(page, "minutes", "5")
    fill(page, "concepts", "functions")
    fill(page, "statement", STATEMENT)
    fill(page, "starter", STARTER)
    fill(page, "solution", SOLUTION)
    fill(page, "tests", TESTS)
    fill(page, "hints\\.0", "What does it mean to have twice something?")
    fill(page, "hints\\.1", "Multiply by a number.")
    fill(page, "hints\\.2", "Return `n * 2`.")
    fill(page, "wrong\\.0", RIGHT_ADD)  # the mistake: this "wrong" solution is right
    fill(page, "wrong\\.1", WRONG_SQUARE)
    # The preview renders the statement as learners will see it.
    expect(page.locator("#statement-preview h1")).to_have_text("Double it")
    screenshot(page, "author-1-editor")

    page.get_by_role("button", name="Check").click()
    problem = page.locator("#problem-wrong\\.0")
    expect(problem).to_contain_text("passes every test", timeout=120_000)
    expect(page.locator("#f-wrong\\.0")).to_have_class(re.compile("has-problem"))
    expect(page.locator("#gate-summary")).to_contain_text("problem(s) to fix")
    problem.scroll_into_view_if_needed()
    screenshot(page, "author-2-gate-problem", full_page=False)

    fill(page, "wrong\\.0", WRONG_ADD)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#gate-summary")).to_contain_text(
        f"Published version 1 of {SLUG}", timeout=120_000
    )
    expect(problem).to_be_hidden()
    page.locator("#gate-summary").scroll_into_view_if_needed()
    screenshot(page, "author-3-published", full_page=False)
    page.goto("/author")
    expect(page.locator("#published")).to_contain_text("Double it")
    screenshot(page, "author-4-desk")

    learner_context = browser.new_context(
        base_url=server.url, viewport={"width": 1280, "height": 900}
    )
    learner = learner_context.new_page()
    try:
        sign_up(learner, "Lin")
        learner.goto(f"/exercises/{SLUG}")
        expect(learner.locator("#task h1")).to_have_text("Double it")
        replace_code(learner, SOLUTION)
        learner.get_by_role("button", name="Submit").click()
        expect(learner.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
        screenshot(learner, "author-5-learner-solves")
    finally:
        learner_context.close()


def test_author_uploads_a_zip_refused_then_published(page: Page, server: Server) -> None:
    from tests.authoring_samples import fields
    from tests.functional.test_authoring_upload import course_zip

    email = make_author(server)
    page.goto("/login?next=/author")
    log_in(page, email)
    bad = course_zip(fields(slug="double-up"), fields(slug="double-wrongly", wrong=[RIGHT_ADD]))
    page.locator("#upload-file").set_input_files(
        files=[{"name": "course.zip", "mimeType": "application/zip", "buffer": bad}]
    )
    page.get_by_role("button", name="Upload and publish").click()
    result = page.locator("#upload-result")
    expect(result).to_contain_text("Nothing was published.", timeout=120_000)
    expect(result).to_contain_text("double-wrongly/wrong/wrong-1.py")
    screenshot(page, "author-6-upload-refused")

    good = course_zip(fields(slug="double-up"))
    page.locator("#upload-file").set_input_files(
        files=[{"name": "course.zip", "mimeType": "application/zip", "buffer": good}]
    )
    page.get_by_role("button", name="Upload and publish").click()
    expect(result).to_contain_text("Published double-up v1.", timeout=120_000)
    page.goto("/exercises/double-up")
    expect(page.locator("#task h1")).to_have_text("Double it")
