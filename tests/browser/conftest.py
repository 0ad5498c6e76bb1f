"""Browser tests: Debian's Chromium driven by Playwright against `pyroad serve`, run as in README.

Browser downloads are impossible here, so Playwright launches /usr/bin/chromium (installed by
scripts/bootstrap.sh --test). Without it the tests skip, except under CI=true where they fail.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from pyroad.config import PROJECT_ROOT
from tests.conftest import IN_CI
from tests.server import Server

CHROMIUM = Path(os.environ.get("PYROAD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found; scripts/bootstrap.sh --test installs Debian's chromium"
        if IN_CI:
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
    )
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("browser") / "data").start()
    yield running
    running.stop()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    created = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    created.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    yield created
    created.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_up(page: Page, name: str = "Ada") -> str:
    """Create an account through the sign-up form; lands on the roadmap. Returns the e-mail."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/roadmap$"))
    return email


def log_in(page: Page, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def editor_text(page: Page) -> str:
    """What the page will submit: the textarea CodeMirror keeps in step."""
    return page.locator("textarea#code").input_value()


def focus_editor(page: Page) -> None:
    # Near the top-left corner: long lines make the centre of the content fall off a phone screen.
    page.locator(".cm-content").click(position={"x": 8, "y": 8})


def replace_code(page: Page, code: str) -> None:
    """Select everything in the editor and insert ``code`` as one edit (like a paste)."""
    focus_editor(page)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)
    expect(page.locator("textarea#code")).to_have_value(code)
