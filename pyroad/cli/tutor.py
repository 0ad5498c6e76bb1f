"""``pyroad ask``: the tutor from the terminal (the same answers as the exercise page)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pyroad.cli.learner import Client, ServerOption, read_code, say


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="What to ask, e.g. 'why does this fail?'")],
        exercise: Annotated[
            str | None,
            typer.Option("--exercise", "-e", help="The exercise (its latest submission is read)."),
        ] = None,
        file: Annotated[
            Path | None,
            typer.Option("--file", "-f", help="Your current code, sent with the question."),
        ] = None,
        submission: Annotated[
            int | None, typer.Option("--submission", help="A submission of yours to explain.")
        ] = None,
        server: ServerOption = None,
    ) -> None:
        """Ask the tutor: why a test fails, or a question about the course.

        It answers from the failing test's rule, links the lesson sections that teach it and
        suggests the next hint; it never shows hidden tests or a solution.
        """
        client = Client(server)
        body: dict[str, Any] = {"question": question}
        if exercise:
            body["exercise"] = exercise
        if submission is not None:
            body["submission_id"] = submission
        if file is not None:
            body["code"] = read_code(file)
        answer = client.request("POST", "/tutor/questions", slug=exercise, json=body)
        show_answer(answer, client.server)


def show_answer(answer: dict[str, Any], server: str = "") -> None:
    """The answer as terminal text: links made absolute, the next hint as a command."""
    say(answer["answer"], server)
    if answer.get("source") == "llm" and answer.get("sections"):
        typer.echo("\nLesson sections:")
        for section in answer["sections"]:
            typer.echo(f"  {section['title']} — {server}{section['url']}")
    hint = answer.get("next_hint")
    if hint and answer.get("exercise"):
        typer.echo(
            f"\nNext hint ({hint['number']} of {hint['total']}): the Hints box on "
            f"{server}/exercises/{answer['exercise']}"
        )
    if answer.get("fallback"):
        typer.echo(f"\n(Answered offline: {answer['fallback']}.)")
