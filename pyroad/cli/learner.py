"""The learner's side of the CLI: log in, browse the roadmap, fetch an exercise, submit."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import typer

from pyroad.config import get_settings

MARKS = {"passed": "✓", "failed": "✗", "error": "!", "not-run": "·", "pending": "…"}


class Client:
    """A thin API client that turns problem details into readable CLI errors."""

    def __init__(self, server: str | None = None, token: str | None = None) -> None:
        settings = get_settings()
        self.credentials = settings.credentials_file
        saved = self._saved()
        self.server = (server or saved.get("server") or settings.server_url).rstrip("/")
        self.token = token or saved.get("token")

    def _saved(self) -> dict[str, str]:
        try:
            data = json.loads(self.credentials.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, token: str) -> None:
        self.credentials.parent.mkdir(parents=True, exist_ok=True)
        # 0600 from the first byte, and again for a file that existed with wider rights.
        descriptor = os.open(self.credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(json.dumps({"server": self.server, "token": token}))

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        if not self.token and path not in ("/accounts", "/auth/login"):
            fail("not logged in: run `pyroad login` (or `pyroad login --create` to sign up)")
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = httpx.request(
                method, f"{self.server}/api/v1{path}", headers=headers, timeout=30, **kwargs
            )
        except httpx.HTTPError as error:
            fail(
                f"cannot reach {self.server} ({error}). "
                "Is `pyroad serve` running? Use --server URL."
            )
        if response.status_code == 401:
            fail(f"{_detail(response)}; run `pyroad login` again")
        if response.status_code >= 400:
            fail(_detail(response))
        return response.json() if response.content else None


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body.get("detail") or body.get("title"))
    except ValueError:
        return f"HTTP {response.status_code}"


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


ServerOption = Annotated[str | None, typer.Option("--server", help="pyroad server URL.")]


def register(app: typer.Typer) -> None:
    @app.command()
    def login(
        email: Annotated[str, typer.Option(prompt=True)],
        password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
        server: ServerOption = None,
        create: Annotated[bool, typer.Option("--create", help="Create the account first.")] = False,
    ) -> None:
        """Log in (or sign up with --create) and remember the token."""
        client = Client(server)
        body = {"email": email, "password": password}
        result = client.request("POST", "/accounts" if create else "/auth/login", json=body)
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
        data = Client(server).request("GET", "/roadmap")
        if step is not None:
            show_step(data, step)
            return
        for entry in data["steps"]:
            progress = entry["progress"]
            bar = "█" * (progress["percent"] // 10) + "░" * (10 - progress["percent"] // 10)
            typer.echo(
                f"{entry['number']}. {entry['title']:<36} {bar} "
                f"{progress['solved']}/{progress['total']}"
                f"  {progress['state']}"
            )
        if data["next_exercise"]:
            upcoming = data["next_exercise"]
            typer.echo(f"\nNext: {upcoming['title']}  →  pyroad start {upcoming['slug']}")

    @app.command()
    def start(
        slug: str,
        directory: Annotated[Path, typer.Option("--dir", help="Where to write the file.")] = Path(),
        server: ServerOption = None,
    ) -> None:
        """Print an exercise's statement and write its starter code (or your draft) to a file."""
        exercise = Client(server).request("GET", f"/exercises/{slug}")
        suffix = ".sh" if exercise["kind"] == "git" else ".py"
        path = directory / f"{slug.replace('-', '_')}{suffix}"
        typer.echo(exercise["statement"])
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
            typer.echo(f"\nWrote {path}. Edit it, then: pyroad submit {slug} {path}")

    @app.command()
    def submit(slug: str, file: Path, server: ServerOption = None) -> None:
        """Submit a file for an exercise and show the per-test results."""
        try:
            code = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            fail(f"cannot read {file}: {error}")
        client = Client(server)
        accepted = client.request("POST", f"/exercises/{slug}/submissions", json={"code": code})
        typer.echo(f"Submitted #{accepted['id']}, grading…")
        result = client.request("GET", f"/submissions/{accepted['id']}")
        deadline = time.monotonic() + 120
        while result["status"] != "done" and time.monotonic() < deadline:
            time.sleep(0.2)
            result = client.request("GET", f"/submissions/{accepted['id']}")
        if result["status"] != "done":
            fail(f"still {result['status']} after 2 minutes; check later with the web page")
        show_result(result)
        if result["verdict"] != "passed":
            raise typer.Exit(1)


def show_step(roadmap: dict[str, Any], number: int) -> None:
    found = next((s for s in roadmap["steps"] if s["number"] == number), None)
    if found is None:
        fail(f"no step {number}: steps are numbered 1 to {len(roadmap['steps'])}")
    typer.echo(f"Step {found['number']} · {found['title']}\n{found['summary']}\n")
    typer.echo("Lessons (read them in the browser):")
    for lesson in found["lessons"]:
        typer.echo(f"  {lesson['title']}  (/lessons/{lesson['slug']})")
    typer.echo("\nExercises:")
    for exercise in found["exercises"]:
        mark = {"solved": "✓", "attempted": "●"}.get(exercise["state"], "○")
        typer.echo(
            f"  {mark} {exercise['slug']:<36} {exercise['title']} ({exercise['difficulty']})"
        )
    typer.echo("\nStart one with: pyroad start SLUG")


def show_result(result: dict[str, Any]) -> None:
    typer.echo(f"\n{result['verdict'].upper()}: {result['summary']}")
    if result.get("traceback"):
        typer.echo(result["traceback"].rstrip())
        typer.echo(result.get("explanation", ""))
    for test in result.get("tests") or []:
        label = " (hidden)" if test.get("hidden") else ""
        typer.echo(f"  {MARKS.get(test['status'], '?')} {test['name']}{label}")
        if test["status"] != "passed" and test["message"]:
            for line in test["message"].splitlines():
                typer.echo(f"      {line}")
    if result.get("next_exercise"):
        typer.echo(f"\nNext: pyroad start {result['next_exercise']}")
