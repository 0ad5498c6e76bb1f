"""Mentoring in the browser: a mentor comments on a line of a learner's submission (a script
tag in it stays text), the learner sees the unread count and the comment under its line,
asks for help, the teacher sees the queue, the solution groups and two similar solutions
side by side. Screenshots: test-artifacts/screenshots/teacher_mentoring_*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from pyroad.accounts.models import User
from pyroad.db import make_engine, make_session_factory, transaction
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Cohort, CohortMember, CohortRole
from tests.browser.conftest import screenshot, sign_up
from tests.server import Server

pytestmark = pytest.mark.browser

SLUG = "checkout-summary"
ADA_CODE = """subtotal = input()
coupon = input()

total = 0
for part in subtotal.split():
    total += int(part)
print(f"Subtotal: {total}")
"""
BOB_CODE = """subtotal = input()
coupon = input()

acc = 3
for piece in subtotal.split():
    acc += int(piece)
print(f"Subtotal: {acc}")
"""


def seed(server: Server, emails: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The cohort and two submissions, written straight into the server's database."""
    engine = make_engine(f"sqlite:///{server.data_dir / 'pyroad.sqlite3'}")
    try:
        with transaction(make_session_factory(engine)) as session:
            ids = {
                who: session.scalar(select(User.id).where(User.email == email))
                for who, email in emails.items()
            }
            cohort = Cohort(name="Evening class")
            session.add(cohort)
            session.flush()
            roles = {"teacher": CohortRole.TEACHER, "ada": CohortRole.LEARNER}
            roles["bob"] = CohortRole.LEARNER
            for who, role in roles.items():
                session.add(CohortMember(cohort_id=cohort.id, user_id=ids[who], role=role))
            submissions = {}
            for who, code in (("ada", ADA_CODE), ("bob", BOB_CODE)):
                row = Submission(
                    user_id=ids[who],
                    exercise_slug=SLUG,
                    code=code,
                    status=SubmissionStatus.DONE,
                    verdict="failed",
                    summary="2 of 5 tests passed",
                    result={"tests": []},
                )
                session.add(row)
                session.flush()
                submissions[who] = row.id
            return cohort.id, submissions
    finally:
        engine.dispose()


def test_teacher_comments_a_line_and_the_learner_reads_it(
    browser: Browser, server: Server, page: Page
) -> None:
    def person(name: str) -> tuple[Page, str]:
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        tab = context.new_page()
        return tab, sign_up(tab, name)

    teacher, teacher_email = page, sign_up(page, "Grace")
    ada, ada_email = person("Ada")
    bob, bob_email = person("Bob")
    cohort, submissions = seed(
        server, {"teacher": teacher_email, "ada": ada_email, "bob": bob_email}
    )

    # The teacher opens Ada's submission and comments on line 5.
    teacher.goto(f"/submissions/{submissions['ada']}")
    expect(teacher.locator("#line-5")).to_contain_text("for part in subtotal.split():")
    teacher.locator('button.comment-line[data-line="5"]').click()
    expect(teacher.locator("#comment-label")).to_have_text("Comment on line 5")
    teacher.locator("#comment-body").fill(
        "Nice loop! `sum()` does this in one line. <script>alert('x')</script>"
    )
    teacher.locator("#comment-send").click()
    comment = teacher.locator("#line-5 article.comment")
    expect(comment).to_contain_text("sum()")
    expect(comment.locator("code")).to_have_text("sum()")
    expect(comment.locator("script")).to_have_count(0)
    expect(teacher.locator("#help-request")).to_have_count(0)  # asking is the learner's
    screenshot(teacher, "teacher_mentoring_line_comment")

    # Ada sees one unread comment in the nav, then the comment under line 5.
    ada.goto("/dashboard")
    expect(ada.locator("#nav-feedback-count")).to_have_text("1")
    ada.goto("/feedback")
    expect(ada.locator("#feedback-list article.comment")).to_contain_text("sum()")
    ada.locator("#feedback-list a", has_text="line 5").click()
    expect(ada).to_have_url(re.compile(rf"/submissions/{submissions['ada']}#line-5$"))
    expect(ada.locator("#line-5 article.comment .comment-body")).to_contain_text("one line")
    expect(ada.locator("button.comment-line")).to_have_count(0)  # learners do not comment
    expect(ada.locator("#nav-feedback-count")).to_be_hidden()  # read now
    expect(ada.locator("#help-request")).to_be_visible()  # she can ask from here too
    screenshot(ada, "teacher_mentoring_learner_sees_comment")

    # Ada asks for help on the exercise page; the teacher sees the queue.
    ada.goto(f"/exercises/{SLUG}")
    ada.locator("#ask-help").click()
    ada.locator("#help-message").fill("How do I turn 12.50 into cents?")
    ada.locator("#help-send").click()
    expect(ada.locator("#help-status")).to_contain_text("help queue")
    teacher.goto(f"/teach/cohorts/{cohort}/help")
    expect(teacher.locator("#help-queue")).to_contain_text("How do I turn 12.50 into cents?")
    screenshot(teacher, "teacher_mentoring_help_queue")
    teacher.locator("button.resolve-help").click()
    expect(teacher.locator("#help-queue tbody tr")).to_have_count(0)

    # Ada's and Bob's loops have one shape: one comment reaches both.
    teacher.goto(f"/teach/cohorts/{cohort}/exercises/{SLUG}/groups")
    group = teacher.locator("section.shape-group").first
    expect(group).to_contain_text("2 learners")
    group.locator("textarea").fill("Both of you: try `sum(int(p) for p in ...)`.")
    group.get_by_role("button", name="Send to the group").click()
    expect(group.locator(".group-status")).to_have_text("Sent to 2 learners.")
    screenshot(teacher, "teacher_mentoring_solution_groups")
    bob.goto("/dashboard")
    expect(bob.locator("#nav-feedback-count")).to_have_text("1")

    # The similarity report flags the pair (a flag, not an accusation) and shows it side by side.
    teacher.goto(f"/teach/cohorts/{cohort}/exercises/{SLUG}/similarity")
    expect(teacher.locator("#similarity-note")).to_contain_text("not evidence of copying")
    teacher.get_by_role("link", name="Side by side").click()
    expect(teacher.locator("#side-left li.match").first).to_be_visible()
    expect(teacher.locator("#side-left li").nth(0)).not_to_have_class("match")  # starter
    screenshot(teacher, "teacher_mentoring_similarity_side_by_side")
