"""Run before Submit, the request console, feedback in Markdown with highlighted differences,
runnable lesson blocks and the phone layout: page-level checks in a real browser."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from pyroad.config import PROJECT_ROOT
from tests.browser.conftest import replace_code, screenshot, sign_up
from tests.server import Server

pytestmark = pytest.mark.browser

BANNER = "server-banner"  # a program that reads two lines with input()
BANNER_CODE = (
    "name = input()\nport = input()\nprint(f'Starting {name} on http://localhost:{port}')\n"
)
CONSOLE = "fastapi-validate-orders"  # a FastAPI app: the request console is offered
CONSOLE_SOLUTION = (
    PROJECT_ROOT / "curriculum/09-build-apps/exercises/fastapi-validate-orders/solution.py"
).read_text()
EXERCISE = "parse-request-line"


def test_markdown_renderer_escapes_first_and_renders_the_basics(page: Page) -> None:
    """The feedback renderer (static/markdown.js) on its own: a pure function of its text."""
    page.goto("/login")
    page.add_script_tag(url="/static/markdown.js")
    cases = {
        "Print `Starting <name>…`": "<p>Print <code>Starting &lt;name&gt;…</code></p>",
        "<img src=x onerror=alert(1)>": "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
        "**bold**, *em* and snake_case_name": (
            "<p><strong>bold</strong>, <em>em</em> and snake_case_name</p>"
        ),
        "[a](javascript:alert(1)) [b](/lessons/x)": (
            '<p>[a](javascript:alert(1)) <a href="/lessons/x">b</a></p>'
        ),
        "Got:\n\n    print(1)\n    x = 2\n\nThen": (
            "<p>Got:</p><pre><code>print(1)\nx = 2</code></pre><p>Then</p>"
        ),
        "```python\nif a < b:\n    pass\n```": (
            '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>'
        ),
        "- one `x`\n- two\n\n1. first\n2. second": (
            "<ul><li>one <code>x</code></li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
        ),
        "first line\nsecond line": "<p>first line<br>second line</p>",
        "an unmatched ` stays": "<p>an unmatched ` stays</p>",
        '``a`b`` and `"q"`': "<p><code>a`b</code> and <code>&quot;q&quot;</code></p>",
        "2 * 3 * 4": "<p>2 * 3 * 4</p>",
    }
    rendered = page.evaluate(
        "(cases) => Object.keys(cases).map((c) => window.pyroadMarkdown.render(c))", cases
    )
    assert dict(zip(cases, rendered, strict=True)) == cases

    # Whatever a message holds, the only tags are the renderer's own and no link runs script.
    nasty = [
        '<a href="javascript:x">y</a>',
        "[x](JavaScript:alert(1))",
        "[x](//evil.example/)",
        '[x](/ok" onclick="alert(1))',
        "`</code><script>1</script>`",
        "**<b>**",
        "```\n</pre><script>1</script>\n```",
        "    <iframe>",
        "- <li>\n- *<svg onload=1>*",
        "_<i>_ __<u>__ [<img>](https://example.com/?q=<x>)",
    ]
    allowed = {"p", "br", "code", "pre", "strong", "em", "ul", "ol", "li", "a"}
    script = "(n) => n.map((c) => window.pyroadMarkdown.render(c))"
    for source, html in zip(nasty, page.evaluate(script, nasty), strict=True):
        for tag, attributes in re.findall(r"<(/?[a-zA-Z0-9]+)([^>]*)>", html):
            assert tag.lstrip("/") in allowed, (source, html)
            # Only the renderer's own attributes: a link's href, a code block's language.
            assert re.fullmatch(r'( (href|class)="[^"<>]*")*', attributes), (source, html)
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith(("/", "#", "http://", "https://", "mailto:")), html
            assert not href.startswith("//"), html


def test_run_with_input_shows_the_output_and_is_not_an_attempt(page: Page) -> None:
    sign_up(page, "Runa")
    page.goto(f"/exercises/{BANNER}")
    expect(page.get_by_role("button", name="Submit")).to_be_visible()
    replace_code(page, BANNER_CODE)
    stdin = page.get_by_label(re.compile("^What your program reads"))
    expect(stdin).to_be_hidden()  # collapsed until asked for
    page.get_by_text("Input for your program").click()
    stdin.fill("orders\n8000\n")
    page.get_by_role("button", name="Run", exact=True).click()
    output = page.locator("#run-output")
    expect(output).to_contain_text("Starting orders on http://localhost:8000", timeout=60_000)
    expect(page.locator("#run-status")).to_contain_text("Your program finished")
    expect(output).to_contain_text("Not graded")
    screenshot(page, "exercise-run-stdin")

    # A traceback and what it means, still not graded.
    replace_code(page, "port = int(input())\n")  # reads "orders"
    page.keyboard.press("ControlOrMeta+Shift+Enter")  # the Run shortcut
    expect(page.locator("#run-status")).to_contain_text("stopped with an error", timeout=60_000)
    expect(output.locator(".traceback")).to_contain_text("ValueError")
    expect(output.locator(".explain")).to_be_visible()
    expect(output.locator(".explain")).not_to_contain_text("`")
    screenshot(page, "exercise-run-error")

    # Too many runs in a short time: the server's limit, said in words, with the wait.
    def limited(route: Route) -> None:
        problem = {"title": "Too many requests", "status": 429, "detail": "You ran code often."}
        route.fulfill(
            status=429,
            content_type="application/problem+json",
            headers={"Retry-After": "7"},
            body=json.dumps(problem),
        )

    page.route("**/api/v1/run", limited)
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.locator("#results-body .alert.warning")).to_have_text(
        "You ran code often. Try again in 7 seconds."
    )
    page.unroute("**/api/v1/run", limited)

    # Nothing counted: no submission listed, the badge still "Not started", even after a reload.
    page.reload()
    expect(page.locator("#recent")).to_be_hidden()
    expect(page.locator(".statement .badge")).to_have_text("○ Not started")


def test_request_console_shows_status_headers_and_pretty_json(page: Page) -> None:
    sign_up(page, "Tim")
    page.goto(f"/exercises/{CONSOLE}")
    replace_code(page, CONSOLE_SOLUTION)
    console = page.locator("#request-console")
    expect(console).not_to_have_attribute("open", "")
    # Run only defines the app, and says where to try it.
    page.get_by_role("button", name="Run", exact=True).click()
    output = page.locator("#run-output")
    expect(output.locator(".explain")).to_contain_text("request console", timeout=60_000)
    output.get_by_role("link", name="Open the request console").click()
    expect(console).to_have_attribute("open", "")
    console.get_by_label("Method").select_option("POST")
    console.get_by_label("Path").fill("/orders")
    console.get_by_label("Headers").fill("X-Trace: abc")
    order = {
        "customer_email": "ada@example.com",
        "items": [{"sku": "ABC-123", "quantity": 2, "unit_price": 1.5}],
    }
    console.get_by_label("JSON body").fill(json.dumps(order))
    console.get_by_role("button", name="Send request").click()
    expect(page.locator("#console-status")).to_have_text("Your app answered 201", timeout=60_000)
    response = page.locator("#console-response")
    expect(response.locator(".response-headers")).to_contain_text("content-type")
    body = response.locator(".response-body")
    expect(body).to_contain_text('"total": 3.0')
    assert '\n  "item_count": 1' in body.inner_text()  # formatted, one key per line
    screenshot(page, "exercise-request-console")

    # A request the app refuses: its status, and the validation body as JSON.
    console.get_by_label("JSON body").fill('{"customer_email": "nope", "items": []}')
    console.get_by_role("button", name="Send request").click()
    expect(page.locator("#console-status")).to_have_text("Your app answered 422", timeout=60_000)


FAILED = {
    "id": 1,
    "attempt": 3,
    "exercise": EXERCISE,
    "status": "done",
    "verdict": "failed",
    "summary": "1 of 2 tests passed. Look at `parse_request_line` once more.",
    "created_at": "2026-01-01T00:00:00Z",
    "finished_at": "2026-01-01T00:00:01Z",
    "duration_ms": 12.0,
    "tests": [
        {
            "name": "a simple GET",
            "status": "passed",
            "message": "",
            "stdout": "",
            "traceback": "",
            "hidden": False,
            "shows": "calls `parse_request_line('GET / HTTP/1.1')`",
            "diff": None,
        },
        {
            "name": "banner text",
            "status": "failed",
            "message": "Print `Starting <name>…` on the **first** line:\n\n    Starting orders",
            "stdout": "",
            "traceback": "",
            "hidden": False,
            "shows": "runs your program and types `orders` then `8000`",
            "diff": {"expected": "Starting orders\n", "got": "Starting  orders\n", "at": 9},
        },
    ],
    "traceback": "",
    "explanation": "",
    "stdout": "",
    "next_exercise": None,
}


def test_failing_message_is_markdown_and_the_difference_is_marked(page: Page) -> None:
    sign_up(page, "Diff")
    page.goto(f"/exercises/{EXERCISE}")

    def finished(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(FAILED))

    page.route("**/api/v1/submissions/*", finished)
    # The verdict comes from the polls answered above: the real stream would race them with
    # the real grading (this test is about showing a result, not about how it arrives).
    page.route(re.compile(r"/events$"), lambda route: route.fulfill(status=502, body=""))
    # A slow network: the code is being sent, which is not waiting for a grader.
    page.evaluate(
        """() => {
            const send = window.fetch;
            const delay = (options) => (options && options.method === "POST" ? 2000 : 0);
            window.fetch = (url, options) => new Promise((resolve) => setTimeout(
                () => resolve(send(url, options)), delay(options)));
        }"""
    )
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#results-body")).to_have_text("Sending your code…")
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("some tests failed", timeout=60_000)
    expect(verdict).to_contain_text("Attempt 3")
    expect(verdict.locator(".summary code")).to_have_text("parse_request_line")
    failing = page.locator("li.test.failed")
    expect(failing.locator(".test-shows")).to_have_text(
        "Test: runs your program and types orders then 8000"
    )
    message = failing.locator(".test-message")
    expect(message.locator("code").first).to_have_text("Starting <name>…")
    expect(message.locator("strong")).to_have_text("first")
    expect(message.locator("pre")).to_have_text("Starting orders")
    assert "`" not in message.inner_text()
    assert "`" not in verdict.inner_text()
    diff = failing.locator(".diff")
    # The message says where the texts differ; the diff only shows them, marked.
    expect(diff).not_to_contain_text("The first difference is at character")
    marks = diff.locator("mark.diff-at")
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_have_text("o")
    expect(marks.nth(1)).to_have_text("␣")  # the extra space, made visible
    expect(diff.locator(".diff-text").nth(0)).to_have_text("Starting␣orders↵")
    expect(page.locator("li.test.passed .test-shows code")).to_have_text(
        "parse_request_line('GET / HTTP/1.1')"
    )
    screenshot(page, "exercise-diff")


def test_real_failing_message_has_no_raw_markdown_and_opens_as_a_page(page: Page) -> None:
    """A real wrong answer: the recent list gains it at once, as "Attempt 1", and it opens."""
    sign_up(page, "Mark")
    page.goto(f"/exercises/{EXERCISE}")
    replace_code(page, 'def parse_request_line(line):\n    return tuple(line.split(" "))\n')

    # Waiting for a grader is said only when the server says so (not while the network is slow).
    def queued(route: Route) -> None:
        body = {**FAILED, "status": "queued", "verdict": None, "summary": "", "tests": None}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    def no_stream(route: Route) -> None:  # the pushed events would bring the real verdict
        route.abort()

    page.route("**/api/v1/submissions/*", queued)
    page.route("**/api/v1/submissions/*/events", no_stream)  # the page falls back to polling
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_have_text("Queued: waiting for a free grader…")
    page.unroute("**/api/v1/submissions/*", queued)
    expect(page.locator("#verdict")).to_contain_text("some tests failed", timeout=60_000)
    for text in page.locator(".test-message").all_inner_texts():
        assert "`" not in text, text
    recent = page.locator("#recent")
    expect(recent.locator("summary")).to_have_text("Your recent submissions (1)")
    recent.locator("summary").click()
    entry = recent.get_by_role("link", name="Attempt 1")
    expect(entry).to_be_visible()
    entry.click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attempt 1")
    expect(page.locator("#submission-code")).to_contain_text("line.split")
    expect(page.locator("#verdict")).to_contain_text("some tests failed")
    expect(page.locator("li.test.failed").first).to_be_visible()
    screenshot(page, "submission-page")
    mine = page.url

    # Someone else's submission is not found, like a missing one.
    page.context.clear_cookies()
    sign_up(page, "Eve")
    response = page.goto(mine)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("`")
    expect(page.locator("main")).not_to_contain_text("API")


def test_lesson_blocks_run_in_place(page: Page) -> None:
    sign_up(page, "Lea")
    page.goto("/lessons/running-python-and-variables")
    runs = page.locator(".snippet-run")
    expect(runs.first).to_be_visible()
    # A block that reads input comes with that input filled in, and runs as the gate runs it.
    stdin = page.locator(".snippet-stdin textarea").first
    expect(stdin).to_have_value("alice\n8000\n")
    block = page.locator(".snippet-stdin + .snippet-tools").first
    block.locator(".snippet-run").click()
    output = block.locator("xpath=following-sibling::div[1]")
    expect(output.locator(".stdout")).to_contain_text("alice", timeout=60_000)
    expect(output).not_to_contain_text("EOFError")

    # Edit & run: the learner's change runs; Reset brings the lesson's code back.
    first = page.locator(".snippet-tools").first
    original = page.locator("pre.highlight").filter(has_text="# server_info.py").inner_text()
    first.get_by_role("button", name="Edit & run").click()
    editor = page.locator(".snippet-editor").first
    expect(editor).to_be_visible()
    expect(editor.locator(".cm-content")).to_be_visible()  # CodeMirror, loaded on first use
    editor.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text('print("edited in place")\n')
    first.get_by_role("button", name="Run", exact=True).click()
    first_output = first.locator("xpath=following-sibling::div[1]")
    expect(first_output.locator(".stdout")).to_have_text("edited in place", timeout=60_000)
    expect(first_output).not_to_contain_text("attempt")  # a lesson has no attempts to count
    screenshot(page, "lesson-snippet-run")
    first.get_by_role("button", name="Reset").click()
    expect(page.locator(".snippet-editor")).to_have_count(0)
    expect(page.locator("pre.highlight").filter(has_text="# server_info.py")).to_have_text(original)

    # A `continue` block builds on the blocks before it: run alone it would fail.
    page.goto("/lessons/making-decisions")
    tools = page.locator(".snippet-tools").filter(has_text="Runs after the example's earlier")
    expect(tools.first).to_be_visible()
    tools.first.get_by_role("button", name="Run", exact=True).click()
    out = tools.first.locator("xpath=following-sibling::div[1]")
    expect(out.locator(".run-head")).to_contain_text("finished", timeout=60_000)
    expect(out).not_to_contain_text("NameError")


def test_phone_layout_editor_first_screen_and_verdict_in_view(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        sign_up(page, "Phoebe")
        page.goto(f"/exercises/{EXERCISE}")
        editor = page.locator(".cm-editor")
        expect(editor).to_be_visible()
        box = editor.bounding_box()
        assert box is not None and box["y"] + 120 < 844, f"editor starts at {box} on a phone"
        expect(page.locator(".kbd-hint")).to_be_hidden()  # no keyboard shortcuts on touch
        expect(page.locator("#editor-help")).to_contain_text("Your draft is saved")
        screenshot(page, "phone-exercise-first-screen", full_page=False)
        page.get_by_role("button", name="Show the whole task ▾").click()
        expect(page.locator("#task")).to_contain_text("parse_request_line")

        replace_code(page, 'def parse_request_line(line):\n    return tuple(line.split(" "))\n')
        page.get_by_role("button", name="Submit").click()
        verdict = page.locator("#verdict")
        expect(verdict).to_contain_text("some tests failed", timeout=60_000)
        expect(verdict).to_be_in_viewport()
        screenshot(page, "phone-verdict-in-view", full_page=False)

        # A statement's code block scrolls sideways inside itself, never the page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0

        page.goto("/lessons/running-python-and-variables")
        expect(page.get_by_role("complementary", name="Table of contents")).to_be_hidden()
        contents = page.locator("#toc-narrow")
        expect(contents).to_be_visible()
        expect(contents).not_to_have_attribute("open", "")
        heading = page.get_by_role("heading", level=1).bounding_box()
        assert heading is not None and heading["y"] < 300, "the contents push the lesson down"
        screenshot(page, "phone-lesson-first-screen", full_page=False)
    finally:
        context.close()


def test_desktop_editor_wraps_long_lines_and_code_blocks_scroll(page: Page) -> None:
    sign_up(page, "Wren")
    page.goto(f"/exercises/{EXERCISE}")
    expect(page.locator("#stdin-details")).to_be_hidden()  # a function exercise reads no input
    replace_code(page, "x = '" + "long " * 60 + "'\n")
    scroller = page.locator(".cm-scroller")
    fits = scroller.evaluate("(n) => n.scrollWidth <= n.clientWidth + 1")
    assert fits, "the editor scrolls sideways instead of wrapping"
    line_height = page.locator(".cm-line").first.evaluate("(n) => n.offsetHeight")
    assert line_height > 40, "a long line should wrap onto several rows"
    # Statement code blocks may be wider than the column: they scroll, with a scrollbar.
    style = page.locator(".prose pre").first.evaluate("(n) => getComputedStyle(n).overflowX")
    assert style == "auto"
    screenshot(page, "exercise-wrapped", full_page=False)


def test_a_visitor_reads_then_signs_up_where_they_were(page: Page) -> None:
    """The open door: statement and starter without an account; Run and Submit ask for one."""
    page.goto(f"/exercises/{EXERCISE}")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("link", name="Sign up")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parse an HTTP request line")
    expect(page.locator("#starter-code")).to_contain_text("def parse_request_line(line):")
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)
    cta = page.locator("#signup-cta")
    expect(cta).to_contain_text("Sign up to run and submit")
    expect(cta.get_by_role("link", name="log in")).to_have_attribute(
        "href", f"/login?next=/exercises/{EXERCISE}"
    )
    screenshot(page, "visitor-exercise")

    page.goto("/lessons/running-python-and-variables")
    expect(page.locator(".snippet-run")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign up to run code").first).to_be_visible()

    page.goto(f"/exercises/{EXERCISE}")
    cta.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Vera")
    page.get_by_label("E-mail").fill("vera-visitor@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(f"/exercises/{EXERCISE}$"))
    expect(page.locator(".cm-editor")).to_be_visible()


def test_run_in_a_git_exercise_shows_the_transcript(page: Page) -> None:
    sign_up(page, "Gita")
    page.goto("/exercises/amend-the-last-commit")
    expect(page.locator("#stdin-details")).to_have_count(0)  # commands read no input
    replace_code(page, "git log --oneline\necho done > note.txt && cat note.txt\n")
    page.get_by_role("button", name="Run", exact=True).click()
    output = page.locator("#run-output")
    expect(page.locator("#run-status")).to_contain_text("Your commands ran", timeout=60_000)
    expect(output.locator(".stdout")).to_contain_text("git log --oneline")
    expect(output.locator(".stdout")).to_contain_text("done")
    screenshot(page, "exercise-git-run")


def test_random_cases_failing_the_same_way_fold_into_one_line(page: Page) -> None:
    """A real wrong answer failing five random cases as the first one: one line says so and
    opens to show them, so the verdict's Next stays in sight."""
    slug = "checkout-summary"
    wrong = PROJECT_ROOT / f"curriculum/01-basics/exercises/{slug}/wrong/lookup-table.py"
    sign_up(page, "Fold")
    page.goto(f"/exercises/{slug}")
    replace_code(page, wrong.read_text())
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("tests failed", timeout=60_000)
    folded = page.locator("li.same-failures")
    expect(folded).to_have_count(1)
    summary = folded.locator("summary")
    expect(summary).to_have_text(
        "5 more random cases failed the same way as “random baskets (1 of 6)”"
    )
    cases = folded.locator("li.test")
    expect(cases).to_have_count(5)
    expect(cases.first).not_to_be_visible()  # folded until asked
    summary.click()
    expect(cases.first).to_be_visible()
    expect(cases.first).to_contain_text("Same failure as")
    screenshot(page, "same-failures-folded")
