"""A password reset in a real browser: the link from `pyroad admin reset-password`, a new
password typed twice, and the learner lands signed in (TRIAL-1 #1: Chromium posted the form
with ``Origin: null`` under ``Referrer-Policy: no-referrer`` and the server answered 403).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from pyroad.config import PROJECT_ROOT
from tests.browser.conftest import log_in, screenshot, sign_up
from tests.server import PYROAD, Server

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a brand new passphrase"


def admin_reset_link(server: Server, email: str) -> str:
    """The link an administrator hands out, from the same data directory as the server."""
    done = subprocess.run(
        [str(PYROAD), "admin", "reset-password", email],
        cwd=PROJECT_ROOT,
        env={**server.env, "PYROAD_PUBLIC_URL": server.url},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = re.search(r"https?://\S+/reset/\S+", done.stdout)
    assert found, done.stdout + done.stderr
    return found[0]


def test_reset_link_sets_a_new_password_and_signs_in(page: Page, server: Server) -> None:
    email = sign_up(page, "Forgetful")
    page.context.clear_cookies()  # signed out, as someone who forgot their password
    link = admin_reset_link(server, email)

    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    expect(page.get_by_text(f"For {email}.")).to_be_visible()
    # A typo first: the page says so and the link still works.
    page.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Set password and log in").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("The two passwords differ"))

    page.locator("#password").fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and log in").click()
    expect(page).to_have_url(re.compile(r"/roadmap$"))
    expect(page.locator("#continue")).to_be_visible()  # signed in: the learner's roadmap
    screenshot(page, "password-reset-signed-in")

    # The link is spent, the old password is gone and the new one works.
    page.goto(link)
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    page.context.clear_cookies()
    page.goto("/login")
    log_in(page, email)  # the old password
    expect(page.get_by_role("alert")).to_have_text("Wrong e-mail or password.")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/roadmap$"))
