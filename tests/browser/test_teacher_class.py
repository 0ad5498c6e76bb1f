"""A teacher runs a class in a real browser (issue 13's acceptance walk-through): the teacher
creates a cohort and an assignment, a learner joins with the invite link and submits, the
teacher sees them on the dashboard, comments on a line of the submission, the learner sees
the comment, and the teacher downloads the gradebook. Screenshots: teacher-class-*.png."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.loader import load_catalog
from tests.browser.conftest import PASSWORD, SCREENSHOTS, log_in, replace_code, screenshot, sign_up
from tests.conftest import CURRICULUM
from tests.server import PYROAD, Server

pytestmark = pytest.mark.browser

EXERCISE = "parse-request-line"
CATALOG, _ = load_catalog(CURRICULUM)
SHIPPED = CATALOG.require_exercise(EXERCISE)
WRONG = 'def parse_request_line(line):\n    return tuple(line.split(" "))'
# The elements whose right edge passes the screen's (named by tag, id and class).
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((e) => !e.closest(".table-scroll"))
  .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).slice(0, 12)"""
COMMENT = "Nice start. **Split once**: what if the path contains a space?"


def create_teacher(server: Server) -> str:
    """The teacher's account, made on the server as the README says (`pyroad admin create`)."""
    email = f"teacher-{uuid.uuid4().hex[:8]}@example.com"
    subprocess.run(
        [
            str(PYROAD),
            "admin",
            "create",
            email,
            "--name",
            "Ms Hopper",
            "--role",
            "teacher",
            "--password-stdin",
        ],
        cwd=PROJECT_ROOT,
        env=server.env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return email


@pytest.fixture
def second_context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """The learner's own browser (own cookies), beside the teacher's."""
    created = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    created.set_default_timeout(30_000)
    yield created
    created.close()


def test_a_teacher_runs_a_class(page: Page, second_context: BrowserContext, server: Server) -> None:
    teacher = page
    teacher.goto("/login")
    log_in(teacher, create_teacher(server))
    expect(teacher).to_have_url(re.compile(r"/roadmap$"))

    # The teacher opens a cohort and assigns an exercise due in a week.
    teacher.locator("#nav-teach").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Teach")
    teacher.get_by_label("Name").fill("Evening class")
    teacher.get_by_role("button", name="Create cohort").click()
    expect(teacher.locator("#cohort-title")).to_have_text("Evening class")
    cohort_url = teacher.url
    teacher.locator("#assignment-target").select_option(f"exercise:{EXERCISE}")
    due = (datetime.now() + timedelta(days=7)).replace(hour=17, minute=0)
    teacher.locator("#assignment-due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_role("button", name="Assign").click()
    expect(teacher.locator("#assignment-table")).to_contain_text(SHIPPED.title)
    # And the whole of step 2, due yesterday: late work is still accepted, marked late.
    step2 = CATALOG.step(2)
    assert step2 is not None
    teacher.locator("#assignment-target").select_option("step:2")
    yesterday = datetime.now() - timedelta(days=1)
    teacher.locator("#assignment-due").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_role("button", name="Assign").click()
    expect(teacher.locator("#assignment-table tbody tr")).to_have_count(2)
    teacher.get_by_role("button", name="Create invite link").click()
    link = teacher.locator("#new-invite-link").input_value()
    assert re.search(r"/join/[A-Za-z0-9_-]{22}$", link), link
    expect(teacher.locator("#invite-table tbody tr")).to_have_count(1)
    screenshot(teacher, "teacher-class-1-cohort-assignment-invite")

    # A learner signs up, follows the link, joins, and sees the assignment first.
    learner = second_context.new_page()
    sign_up(learner, "Lin")
    learner.goto(link)
    expect(learner.get_by_role("heading", level=1)).to_have_text("Join Evening class")
    screenshot(learner, "teacher-class-2-learner-join-link")
    learner.locator("#join-button").click()
    expect(learner).to_have_url(re.compile(r"/roadmap\?joined=\d+$"))
    assigned = learner.locator("#assigned-work")
    items = assigned.locator(".assigned-item")
    expect(items).to_have_count(2)
    # Overdue work first, marked late; then the exercise due next week.
    expect(items.nth(0)).to_contain_text(f"Step 2 · {step2.title}")
    expect(items.nth(0).locator(".assigned-status")).to_have_text("Overdue")
    expect(items.nth(0).locator(".badge.late")).to_have_text("Late")
    expect(items.nth(1)).to_contain_text(SHIPPED.title)
    expect(items.nth(1)).to_contain_text("Evening class")
    expect(items.nth(1).locator(".assigned-status")).to_have_text(re.compile("Open|Due soon"))
    screenshot(learner, "teacher-class-3-learner-roadmap-assigned", full_page=False)

    # The learner submits a wrong attempt, then the right one.
    items.nth(1).get_by_role("link", name=SHIPPED.title).click()
    expect(learner).to_have_url(re.compile(f"/exercises/{EXERCISE}$"))
    replace_code(learner, WRONG)
    learner.get_by_role("button", name="Submit").click()
    expect(learner.locator("#verdict")).to_contain_text("some tests failed", timeout=60_000)
    replace_code(learner, SHIPPED.solution)
    learner.get_by_role("button", name="Submit").click()
    expect(learner.locator("#verdict")).to_contain_text("All tests passed!", timeout=60_000)
    learner.goto("/roadmap")
    done = learner.locator(".assigned-item", has_text=SHIPPED.title).filter(has_not_text="Step 2")
    expect(done.locator(".assigned-status")).to_have_text("✓ Done")
    expect(learner.locator(".assigned-item").last).to_have_attribute("data-status", "done")

    # The teacher sees the learner on the dashboard and opens their submissions.
    teacher.goto(cohort_url)
    teacher.locator("#dashboard-link").click()
    row = teacher.locator("#learners tbody tr", has_text="Lin")
    expect(row).to_be_visible()
    screenshot(teacher, "teacher-class-4-dashboard")
    row.get_by_role("link", name=re.compile("Lin")).click()
    submissions = teacher.locator("#learner-submissions article")
    expect(submissions).to_have_count(2)
    screenshot(teacher, "teacher-class-5-learner-drilldown", full_page=False)

    # The teacher comments on line 2 of the failing attempt.
    submissions.filter(has_text="attempt 1").get_by_role("link").first.click()
    expect(teacher).to_have_url(re.compile(r"/submissions/\d+$"))
    submission_url = teacher.url
    teacher.locator('button.comment-line[data-line="2"]').click()
    teacher.locator("#comment-body").fill(COMMENT)
    teacher.locator("#comment-send").click()
    comment = teacher.locator('article.comment[data-line="2"]')
    expect(comment.locator(".comment-body strong")).to_have_text("Split once")
    comment.scroll_into_view_if_needed()
    screenshot(teacher, "teacher-class-6-line-comment", full_page=False)

    # The learner is told, and reads the comment under its line.
    learner.goto("/roadmap")
    expect(learner.locator("#nav-feedback-count")).to_have_text("1")
    learner.goto(submission_url)
    seen = learner.locator('article.comment[data-line="2"]')
    expect(seen).to_contain_text("what if the path contains a space?")
    expect(learner.locator("button.comment-line")).to_have_count(0)  # learners do not comment
    seen.scroll_into_view_if_needed()
    screenshot(learner, "teacher-class-7-learner-sees-comment", full_page=False)

    # The teacher downloads the gradebook.
    teacher.goto(cohort_url)
    teacher.locator("#dashboard-link").click()
    with teacher.expect_download() as waiting:
        teacher.locator("#gradebook-csv").click()
    download = waiting.value
    saved = SCREENSHOTS.parent / "teacher-class-gradebook.csv"
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    lin = dict(zip(header, next(row for row in rows if row[0] == "Lin"), strict=True))
    column = f"{SHIPPED.title} ({EXERCISE})"
    assert lin[f"{column}: best verdict"] == "passed"
    assert lin[f"{column}: attempts"] == "2"
    assert lin[f"{column}: timing"] == "on time"
    screenshot(teacher, "teacher-class-8-gradebook-downloaded")

    # The cohort page on a phone: nothing runs off the screen.
    teacher.set_viewport_size({"width": 390, "height": 844})
    teacher.goto(cohort_url)
    width = teacher.evaluate("document.documentElement.scrollWidth")
    wide = teacher.evaluate(WIDER_THAN_SCREEN)
    assert width <= 390, f"the cohort page is {width}px wide on a 390px screen: {wide}"
    screenshot(teacher, "teacher-class-9-cohort-phone")
