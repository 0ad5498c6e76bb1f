"""The learner's side of the CLI: log in, browse the roadmap, fetch an exercise, run, submit."""

from __future__ import annotations

import difflib
import logging
import re
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import typer

from pyroad.cli import workdir
from pyroad.cli.client_config import SERVER_ENV, ClientConfig
from pyroad.cli.text import absolute, terminal_text
from pyroad.config import get_settings
from pyroad.curriculum.download import PackageError
from pyroad.curriculum.loader import SLUG
from pyroad.grading.sandbox import SandboxUnavailable

# Exit codes, the same for every learner command (`pyroad --help` lists them).
EXIT_OK = 0
EXIT_FAILED = 1  # your code did not pass (a test failed, the program stopped with an error)
EXIT_USAGE = 2  # the command was given something it cannot use (arguments, files)
EXIT_LOGIN = 3  # not logged in to that server, or the server refused the credentials
EXIT_UNREACHABLE = 4  # the server cannot be reached or failed (5xx)
EXIT_REFUSED = 5  # the server refused the request (no such exercise, invalid input, limits)
EXIT_SANDBOX = 6  # `pyroad test`: the grading sandbox cannot run on this machine
EXIT_CODES = (
    "Exit codes: 0 done (passed), 1 your code did not pass, 2 bad arguments, "
    "3 not logged in, 4 server unreachable or failing, 5 refused by the server "
    "(e.g. no such exercise), 6 no sandbox on this machine (pyroad test)."
)

MARKS = {"passed": "✓", "failed": "✗", "error": "!", "not-run": "·", "pending": "…"}
STOP_MARKS = {"read": "✓", "solved": "✓", "attempted": "●"}  # else ○: not yet
LIST_IDS = "(list them: pyroad roadmap --step N)"  # an unknown or malformed id says where ids are
LOGIN_TRIES = 3
# The API's 404 names every way to list slugs, GET /api/v1/roadmap included: not for a terminal.
_API_WHERE = re.compile(r"\s*\(see the roadmap:[^)]*\)")

# A terminal user reads answers, not HTTP logs: even when something configured logging at
# INFO (the server's set-up in the same process), httpx's request lines stay quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)


class Client:
    """A thin API client that turns problem details into readable CLI errors."""

    def __init__(self, server: str | None = None, token: str | None = None) -> None:
        settings = get_settings()
        self.config = ClientConfig.load(settings.credentials_file)
        self.server = self.config.server(server, settings.server_url)
        self.token = token or self.config.token(self.server)

    def save(self, token: str) -> None:
        """Remember ``token`` for this server (tokens for other servers are kept)."""
        self.config.remember(self.server, token)

    def request(
        self,
        method: str,
        path: str,
        *,
        slug: str | None = None,
        not_found: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Call the API; a failure ends the command with the problem's detail.

        ``slug``: the exercise or lesson the call names; a 404 then suggests close slugs
        (or says ``not_found`` when given).
        """
        if slug is not None and not SLUG.match(slug):  # never a path of its own ("../x")
            fail(
                f"{slug!r} is not an exercise or lesson id: ids are lowercase words and digits "
                f"joined by hyphens, e.g. parse-request-line {LIST_IDS}",
                EXIT_REFUSED,
            )
        if not self.token and path not in ("/accounts", "/auth/login"):
            fail(
                f"not logged in to {self.server}: run `pyroad login` "
                "(or `pyroad login --create` to sign up)",
                EXIT_LOGIN,
            )
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = httpx.request(
                method, f"{self.server}/api/v1{path}", headers=headers, timeout=30, **kwargs
            )
        except httpx.HTTPError as error:
            fail(
                f"cannot reach {self.server} ({error}). "
                "Is `pyroad serve` running? Use --server URL.",
                EXIT_UNREACHABLE,
            )
        if response.status_code == 401:
            fail(f"{_detail(response)}; run `pyroad login` again", EXIT_LOGIN)
        if response.status_code == 404 and slug is not None:
            if not_found is not None:
                fail(not_found, EXIT_REFUSED)
            detail = _API_WHERE.sub("", _detail(response))
            close = "" if "did you mean" in detail else self.did_you_mean(slug)
            detail += close
            listed = "" if "did you mean" in detail else f" {LIST_IDS}"
            fail(detail + listed, EXIT_REFUSED)
        if response.status_code >= 500:
            fail(f"the server failed: {_detail(response)}", EXIT_UNREACHABLE)
        if response.status_code >= 400:
            fail(_detail(response), EXIT_REFUSED)
        return response.json() if response.content else None

    def did_you_mean(self, slug: str) -> str:
        """`` did you mean `x`?`` from the roadmap's slugs, or "" (never fails the command)."""
        try:
            response = httpx.get(
                f"{self.server}/api/v1/roadmap",
                headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
                timeout=10,
            )
            steps = response.json()["steps"] if response.status_code == 200 else []
        except (httpx.HTTPError, ValueError, KeyError):
            return ""
        kinds = ("exercises", "lessons")
        known = [item["slug"] for step in steps for kind in kinds for item in step[kind]]
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        return f"; did you mean {' or '.join(close)}?" if close else ""

    def create_account(self, email: str, password: str | None) -> Any:
        """Sign up; a typed password that is refused (too weak, or mistyped the second time)
        is asked for again, up to ``LOGIN_TRIES`` times, instead of starting over."""
        for attempt in range(1, LOGIN_TRIES + 1):
            typed = password
            if typed is None:
                typed = str(typer.prompt("Password", hide_input=True))
                if typer.prompt("Repeat the password", hide_input=True) != typed:
                    problem = "the two passwords differ"
                    self._retry_or_fail(problem, attempt)
                    continue
            response = self._post_public("/accounts", {"email": email, "password": typed})
            if (
                response.status_code == 422
                and password is None
                and "password" in (detail := _detail(response))
            ):
                self._retry_or_fail(detail.removeprefix("password: "), attempt)
                continue
            return self._checked(response)
        raise AssertionError("unreachable: the last try fails the command")

    @staticmethod
    def _retry_or_fail(problem: str, attempt: int) -> None:
        if attempt >= LOGIN_TRIES:
            fail(
                f"{problem}; no account was created. Run `pyroad login --create` again.",
                EXIT_LOGIN,
            )
        typer.echo(f"{problem[0].upper()}{problem[1:]}; try again.", err=True)

    def _post_public(self, path: str, body: dict[str, str]) -> httpx.Response:
        try:
            return httpx.post(f"{self.server}/api/v1{path}", json=body, timeout=30)
        except httpx.HTTPError as error:
            fail(
                f"cannot reach {self.server} ({error}). "
                "Is `pyroad serve` running? Use --server URL.",
                EXIT_UNREACHABLE,
            )

    @staticmethod
    def _checked(response: httpx.Response) -> Any:
        if response.status_code >= 500:
            fail(f"the server failed: {_detail(response)}", EXIT_UNREACHABLE)
        if response.status_code >= 400:
            fail(_detail(response), EXIT_LOGIN if response.status_code == 401 else EXIT_REFUSED)
        return response.json()


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body.get("detail") or body.get("title"))
    except ValueError:
        return f"HTTP {response.status_code}"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """End the command with ``error: message`` and an exit code scripts can tell apart."""
    typer.echo(f"error: {terminal_text(message)}", err=True)
    raise typer.Exit(code)


def say(markdown: str, server: str = "", indent: str = "") -> None:
    """Print a message from the server (Markdown) as terminal text."""
    for line in terminal_text(markdown, server).splitlines() or [""]:
        typer.echo(f"{indent}{line}" if line else "")


ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        help=f"pyroad server URL (default: ${SERVER_ENV}, else the last server logged in to).",
    ),
]


def register(app: typer.Typer) -> None:
    app.info.epilog = EXIT_CODES

    @app.command()
    def login(
        email: Annotated[
            str | None, typer.Option(help="Your e-mail address (asked for when left out).")
        ] = None,
        password: Annotated[
            str | None,
            typer.Option(help="Asked for (hidden) when left out; twice with --create."),
        ] = None,
        server: ServerOption = None,
        create: Annotated[bool, typer.Option("--create", help="Create the account first.")] = False,
    ) -> None:
        """Log in (or sign up with --create) and remember the token."""
        client = Client(server)
        if email is None:
            email = str(typer.prompt("Email"))
        if create:
            result = client.create_account(email, password)
        else:
            if password is None:
                password = str(typer.prompt("Password", hide_input=True))
            body = {"email": email, "password": password}
            result = client.request("POST", "/auth/login", json=body)
        client.save(result["access_token"])
        typer.echo(f"Logged in to {client.server} as {result['user']['email']}.")

    @app.command()
    def roadmap(
        server: ServerOption = None,
        step: Annotated[
            int | None, typer.Option(help="List this step's lessons and exercises.")
        ] = None,
    ) -> None:
        """Show the nine steps, your progress and what to do next."""
        client = Client(server)
        data = client.request("GET", "/roadmap")
        if step is not None:
            show_step(data, step, client.server)
            return
        for entry in data["steps"]:
            progress = entry["progress"]
            bar = "█" * (progress["percent"] // 10) + "░" * (10 - progress["percent"] // 10)
            typer.echo(
                f"{entry['number']}. {entry['title']:<36} {bar} "
                f"{progress['solved']}/{progress['total']}"
                f"  {progress['state']}"
            )
        old = data["next_exercise"]["slug"] if data.get("next_exercise") else None
        show_next(data.get("next"), client.server, old)

    @app.command()
    def lesson(slug: str, server: ServerOption = None) -> None:
        """Read a lesson in the terminal; it counts as read, as in the browser."""
        client = Client(server)
        found = client.request("GET", f"/lessons/{slug}", slug=slug)
        typer.echo(f"Step {found['step']} lesson\n")
        say(found["markdown"], client.server)
        typer.echo(f"\nIn the browser: {absolute(f'/lessons/{slug}', client.server)}")
        exercises = found.get("exercises") or []
        if exercises:
            typer.echo("Practised in: " + ", ".join(e["slug"] for e in exercises))
        show_next(client.request("GET", "/roadmap").get("next"), client.server)

    @app.command()
    def start(
        slug: str,
        directory: Annotated[Path, typer.Option("--dir", help="Where to write the file.")] = Path(),
        server: ServerOption = None,
    ) -> None:
        """Print an exercise's statement and write its starter code (or your draft) to a file."""
        client = Client(server)
        exercise = client.request("GET", f"/exercises/{slug}", slug=slug)
        suffix = ".sh" if exercise["kind"] == "git" else ".py"
        path = directory / f"{slug.replace('-', '_')}{suffix}"
        say(exercise["statement"], client.server)
        typer.echo(
            f"Limits: {exercise['limits']['time_s']:g} s, {exercise['limits']['memory_mb']} MB."
        )
        if exercise.get("tests_total"):
            typer.echo(
                f"Tests: {exercise['tests_total']}, {exercise['tests_hidden']} hidden "
                "(a failing hidden test states its rule, not its input or expected result)."
            )
        if path.exists():
            typer.echo(f"\n{path} already exists; left as it is.")
        else:
            path.write_text(
                exercise["draft"] if exercise["draft"] is not None else exercise["starter"]
            )
            also = f" --exercise {slug}" if exercise["kind"] == "git" else ""
            typer.echo(f"\nWrote {path}. Edit it, then try it: pyroad run {path}{also}")
            typer.echo(f"and when it works: pyroad submit {slug} {path}")

    @app.command()
    def submit(
        target: Annotated[
            str | None,
            typer.Argument(
                help="The exercise's slug, or your file (default: the downloaded exercise "
                "in this folder).",
                show_default=False,
            ),
        ] = None,
        file: Annotated[
            Path | None, typer.Argument(help="Your file (with a slug).", show_default=False)
        ] = None,
        server: ServerOption = None,
    ) -> None:
        """Submit your code and show the per-test results, hidden tests included.

        In a folder written by `pyroad download`, plain `pyroad submit` sends its file.
        Exit code 0 when it passes, 1 when it does not.
        """
        slug, path, here = _submission_target(target, file)
        code = read_code(path)
        client = Client(server or (here.server if here else None))
        accepted = client.request(
            "POST", f"/exercises/{slug}/submissions", slug=slug, json={"code": code}
        )
        result = client.request("GET", f"/submissions/{accepted['id']}")
        typer.echo(f"Submitted (attempt {result['attempt']} at {slug}), grading…")
        deadline = time.monotonic() + 120
        while result["status"] != "done" and time.monotonic() < deadline:
            time.sleep(0.2)
            result = client.request("GET", f"/submissions/{accepted['id']}")
        if result["status"] != "done":
            fail(
                f"still {result['status']} after 2 minutes; check later with `pyroad status "
                f"{slug}` or the web page",
                EXIT_UNREACHABLE,
            )
        show_result(result, client.server)
        if result["verdict"] != "passed":
            raise typer.Exit(EXIT_FAILED)

    @app.command()
    def download(
        slug: Annotated[
            str | None, typer.Argument(help="The exercise to download.", show_default=False)
        ] = None,
        step: Annotated[
            int | None, typer.Option("--step", help="Download every exercise of this step.")
        ] = None,
        directory: Annotated[
            Path, typer.Option("--dir", help="Where to make the exercise folder(s).")
        ] = Path(),
        server: ServerOption = None,
    ) -> None:
        """Download an exercise (or a step's) into a folder: statement, starter, visible tests.

        Then, in that folder: `pyroad test` (the visible tests, here) and `pyroad submit`.
        A file you already wrote is kept.
        """
        if (slug is None) == (step is None):
            fail("give an exercise's slug or --step N (one of them)")
        client = Client(server)
        if step is not None:
            roadmap = client.request("GET", "/roadmap")
            found = next((s for s in roadmap["steps"] if s["number"] == step), None)
            if found is None:
                fail(
                    f"no step {step}: steps are numbered 1 to {len(roadmap['steps'])}",
                    EXIT_REFUSED,
                )
            slugs = [item["slug"] for item in found["exercises"]]
        else:
            assert slug is not None
            slugs = [slug]
        for each in slugs:
            package = client.request("GET", f"/exercises/{each}/download", slug=each)
            folder = directory / each
            exercise = client.request("GET", f"/exercises/{each}", slug=each)
            code = exercise["draft"] if exercise.get("draft") is not None else package["starter"]
            try:
                workdir.write(folder, client.server, package, code)
            except PackageError as error:
                fail(
                    f"{client.server} sent {each!r} in a form this pyroad cannot read "
                    f"({error}): update pyroad to the server's version",
                    EXIT_REFUSED,
                )
            hidden = package["tests_hidden"]
            typer.echo(
                f"{each}: {folder}/ ({workdir.file_name(package)}, README.md, "
                f"{len(package['tests'])} visible tests; {hidden} hidden run on submit)"
            )
        if len(slugs) == 1:
            typer.echo(f"\nNext: cd {directory / slugs[0]} && pyroad test")

    @app.command(name="test")
    def test_command(
        file: Annotated[
            Path | None,
            typer.Argument(
                help="Your file (default: the downloaded exercise's file in this folder).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Run the visible tests on your file here, with the server's sandbox and judge.

        Prints the same per-test results the server gives for the visible tests; hidden
        tests run only when you submit. Exit code 0 when every visible test passes, 1 when
        one fails."""
        here = _workdir(file or Path())
        path = file or here.file
        code = read_code(path)
        settings = get_settings()
        try:
            report = workdir.grade_visible(here, code, settings)
        except SandboxUnavailable as error:
            fail(f"cannot run the grading sandbox on this machine: {error}", EXIT_SANDBOX)
        except PackageError as error:
            fail(str(error))
        result = workdir.result_json(report)
        visible = len(report.tests)
        passed = report.passed_count
        if report.verdict.value == "passed":
            result["summary"] = f"All {visible} visible tests passed."
        elif report.tests and all(t.status.value == "not-run" for t in report.tests):
            pass  # the code did not load: the server's summary says so
        else:
            result["summary"] = f"{passed} of {visible} visible tests passed."
        result["verdict"] = report.verdict.value
        show_result(result, here.server)
        hidden = int(here.package.get("tests_hidden") or 0)
        if hidden:
            typer.echo(
                f"\n{hidden} hidden test(s) run only when you submit (pyroad submit): "
                "their inputs and expected results stay on the server."
            )
        if report.verdict.value != "passed":
            raise typer.Exit(EXIT_FAILED)

    @app.command()
    def status(
        slug: Annotated[
            str | None,
            typer.Argument(
                help="An exercise (default: the downloaded one in this folder, else the "
                "whole course).",
                show_default=False,
            ),
        ] = None,
        server: ServerOption = None,
    ) -> None:
        """Your progress: on one exercise (state, attempts, last verdict) or per step.

        For an exercise, exit code 0 when it is solved and 1 when not yet.
        """
        here = None
        if slug is None:
            here = _maybe_workdir(Path())
            slug = here.slug if here else None
        client = Client(server or (here.server if here else None))
        if slug is None:
            data = client.request("GET", "/roadmap")
            for entry in data["steps"]:
                progress = entry["progress"]
                typer.echo(
                    f"{entry['number']}. {entry['title']:<36} "
                    f"{progress['solved']}/{progress['total']} solved  {progress['state']}"
                )
            return
        exercise = client.request("GET", f"/exercises/{slug}", slug=slug)
        found = client.request("GET", "/submissions", params={"exercise": slug, "limit": 100})
        state = {"solved": "solved", "attempted": "attempted, not solved yet"}.get(
            exercise["state"], "not attempted yet"
        )
        typer.echo(f"{slug} ({exercise['title']}): {state}")
        if found:
            last = found[0]
            typer.echo(
                f"  {len(found)} submission(s); last: attempt {last['attempt']}, "
                f"{last['verdict'] or last['status']} at {last['created_at']}"
            )
            if last.get("summary"):
                say(last["summary"], client.server, indent="  ")
        if exercise["state"] != "solved":
            raise typer.Exit(EXIT_FAILED)

    @app.command(name="next")
    def next_command(server: ServerOption = None) -> None:
        """What to do next on your path (a lesson to read or an exercise), and why."""
        client = Client(server)
        data = client.request("GET", "/roadmap")
        item = data.get("next")
        if item is None and not data.get("next_exercise"):
            typer.echo("Nothing left: every step is done.")
            return
        show_next(item, client.server, (data.get("next_exercise") or {}).get("slug"))
        if item is not None and item["kind"] == "exercise":
            typer.echo(f"  Work on it offline: pyroad download {item['slug']}")

    @app.command()
    def run(
        file: Path,
        stdin: Annotated[
            str | None, typer.Option("--stdin", help="What input() reads; \\n separates lines.")
        ] = None,
        stdin_file: Annotated[
            Path | None, typer.Option("--stdin-file", help="Read the input from this file.")
        ] = None,
        exercise: Annotated[
            str | None,
            typer.Option(
                "--exercise",
                help="Run under this exercise's limits (a git exercise: its commands on a "
                "fresh copy of its start repository).",
            ),
        ] = None,
        server: ServerOption = None,
    ) -> None:
        """Run a file in the grading sandbox, ungraded (not a submission, not an attempt)."""
        code = read_code(file)
        if stdin is not None and stdin_file is not None:
            fail("give --stdin or --stdin-file, not both")
        typed = read_code(stdin_file) if stdin_file is not None else (stdin or "")
        if stdin is not None:
            typed = typed.replace("\\n", "\n")
            typed += "" if typed.endswith("\n") or not typed else "\n"
        not_found = None
        if exercise is None and file.suffix == ".sh":
            exercise = file.stem.replace("_", "-")  # as `pyroad start` names a git exercise's file
            not_found = (
                f"{file.name} is a shell script: pyroad runs one as a git exercise's commands. "
                "Say which one with --exercise SLUG (the git exercises are in step 8: "
                "pyroad roadmap --step 8)"
            )
        client = Client(server)
        body = {"code": code, "stdin": typed, "exercise": exercise}
        result = client.request("POST", "/run", slug=exercise, not_found=not_found, json=body)
        show_run(result, client.server, file.name)
        if result["status"] != "ok":
            raise typer.Exit(EXIT_FAILED)


def _maybe_workdir(start: Path) -> workdir.Workdir | None:
    try:
        return workdir.find(start)
    except PackageError as error:
        fail(str(error))


def _workdir(start: Path) -> workdir.Workdir:
    found = _maybe_workdir(start)
    if found is None:
        fail(
            f"{start.resolve()} is not in a downloaded exercise folder: run "
            "`pyroad download SLUG` first, then `pyroad test` in the folder it makes"
        )
    return found


def _submission_target(
    target: str | None, file: Path | None
) -> tuple[str, Path, workdir.Workdir | None]:
    """(slug, file, downloaded folder) from `submit [SLUG] [FILE]`, `submit FILE` or `submit`."""
    if target is not None and file is not None:
        return target, file, _maybe_workdir(file)
    if target is not None and not (Path(target).is_file() or target.endswith((".py", ".sh"))):
        here = _maybe_workdir(Path())
        if here is None or here.slug != target:
            fail(f"give the file to submit: pyroad submit {target} FILE")
        return target, here.file, here
    path = Path(target) if target is not None else None
    here = _workdir(path or Path())
    return here.slug, path or here.file, here


def read_code(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {file}: {error}")


def show_run(result: dict[str, Any], server: str = "", filename: str = "") -> None:
    """What the program printed, then how it ended (in plain words when it went wrong).

    The traceback names ``filename``, the file the learner ran, where the server says
    "your code" (or, from an older server, "solution.py").
    """
    if result["stdout"]:
        typer.echo(result["stdout"], nl=not result["stdout"].endswith("\n"))
    if result["traceback"]:
        traceback = result["traceback"].rstrip()
        if filename:
            for shown in ('File "your code"', 'File "solution.py"'):
                traceback = traceback.replace(shown, f'File "{filename}"')
        typer.echo(traceback)
    ended = {
        "ok": "ran without errors",
        "error": "stopped with an error",
        "timeout": "ran out of time",
        "memory": "ran out of memory",
        "output-limit": "printed too much",
        "crashed": "crashed",
    }.get(result["status"], result["status"])
    typer.echo(f"── your program {ended} ({result['duration_ms'] / 1000:.2f} s)", err=True)
    if result["explanation"]:
        say(result["explanation"], server)


def show_next(item: dict[str, Any] | None, server: str = "", old: str | None = None) -> None:
    """Where to go next, as the web's Continue: a lesson to read (its URL) or an exercise.

    ``old``: an older server's ``next_exercise`` slug, used when it sends no ``next``.
    """
    if item is None:
        if old:
            typer.echo(f"\nNext: pyroad start {old}")
        return
    if item["kind"] == "lesson":
        typer.echo(f"\nRead next: {item['title']} — {absolute(item['url'], server)}")
        typer.echo(f"  or in the terminal: pyroad lesson {item['slug']}")
    else:
        typer.echo(f"\nNext: {item['title']}  →  pyroad start {item['slug']}")
    if item.get("because"):
        say(item["because"], server, indent="  ")


def show_step(roadmap: dict[str, Any], number: int, server: str = "") -> None:
    """One step's path, lessons and exercises interleaved in the order Continue walks them."""
    found = next((s for s in roadmap["steps"] if s["number"] == number), None)
    if found is None:
        fail(f"no step {number}: steps are numbered 1 to {len(roadmap['steps'])}", EXIT_REFUSED)
    typer.echo(f"Step {found['number']} · {found['title']}\n{found['summary']}\n")
    typer.echo(
        "In order (✓ done, ● attempted, ○ not yet); read a lesson in the browser "
        "or with: pyroad lesson SLUG"
    )
    difficulty = {e["slug"]: e["difficulty"] for e in found["exercises"]}
    for stop in found.get("path") or []:
        mark = STOP_MARKS.get(stop["state"], "○")
        if stop["kind"] == "lesson":
            link = absolute(stop["url"], server)
            typer.echo(f"  {mark} Read   {stop['slug']:<34} {stop['title']}  {link}")
        else:
            level = difficulty.get(stop["slug"]) or stop.get("difficulty") or ""
            typer.echo(
                f"  {mark} Solve  {stop['slug']:<34} {stop['title']}"
                + (f" ({level})" if level else "")
            )
    typer.echo("\nStart an exercise with: pyroad start SLUG")


def show_diff(diff: dict[str, Any], indent: str = "") -> None:
    """Expected and got texts of a test, the first difference marked with ^ beneath it.

    The message says where they differ in words; the texts come only here (``diff``). Tabs
    read as ⇥ and spaces ending a line as ␣, which a terminal would not show.
    """
    at = int(diff.get("at") or 0)
    for title, text in (
        ("Expected:", str(diff.get("expected", ""))),
        ("Got:", str(diff.get("got", ""))),
    ):
        typer.echo(f"{indent}{title}")
        if not text:
            typer.echo(f"{indent}    (nothing)")
            continue
        start = 0
        lines = text.split("\n")
        if lines[-1] == "" and len(lines) > 1:
            lines.pop()
        for line in lines or [""]:
            shown = line.replace("\t", "⇥")
            shown = shown.rstrip(" ") + "␣" * (len(shown) - len(shown.rstrip(" ")))
            typer.echo(f"{indent}    {shown}")
            if start <= at <= start + len(line):
                typer.echo(f"{indent}    {' ' * (at - start)}^")
            start += len(line) + 1


def show_result(result: dict[str, Any], server: str = "") -> None:
    typer.echo(f"\n{result['verdict'].upper()}: ", nl=False)
    say(result["summary"], server)
    if result.get("traceback"):
        typer.echo(result["traceback"].rstrip())
    if result.get("explanation"):
        say(result["explanation"], server)
    for test in result.get("tests") or []:
        label = " (hidden)" if test.get("hidden") else ""
        typer.echo(f"  {MARKS.get(test['status'], '?')} {test['name']}{label}")
        shows, message = test.get("shows") or "", test["message"] or ""
        if test["status"] != "passed" and shows and shows.rstrip(".") not in message:
            say(shows, server, indent="      ")  # what the test did, unless the message says it
        if test["status"] != "passed" and test["message"]:
            say(test["message"], server, indent="      ")
        if test["status"] != "passed" and isinstance(test.get("diff"), dict):
            show_diff(test["diff"], indent="      ")
    if result.get("verdict") == "passed":
        show_next(result.get("next"), server, result.get("next_exercise"))
