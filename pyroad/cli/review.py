"""`pyroad review`: the learner's spaced review queue, from the server's API like the other
learner commands (same server, credentials and errors as :mod:`pyroad.cli.learner`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from pyroad.cli.learner import Client, ServerOption
from pyroad.cli.text import absolute, terminal_text


def register(app: typer.Typer) -> None:
    @app.command()
    def review(
        server: ServerOption = None,
        show_all: Annotated[
            bool,
            typer.Option("--all", help="List every concept in review with its next date."),
        ] = False,
    ) -> None:
        """Show what is due for review: concepts you passed before, back as short exercises."""
        client = Client(server)
        if show_all:
            show_cards(client.request("GET", "/review/cards"))
        else:
            show_queue(client.request("GET", "/review"), client.server)


def show_queue(queue: dict[str, Any], server: str = "") -> None:
    """Each review exercise with why it is due and how to start it; else the next date."""
    items = queue["items"]
    if not items:
        following = queue.get("next_due")
        if following:
            total = queue["total"]
            typer.echo(
                f"Nothing to review now. Next: {following['name']} on {_day(following['due'])}"
                + (f" ({total} concepts in review)." if total > 1 else ".")
            )
        else:
            typer.echo(
                "Nothing in review yet: a concept enters review when you pass an exercise "
                "that practises it."
            )
        return
    shown = len(items) + queue["more"]
    typer.echo(
        f"Due for review: {_count(queue['due'], 'concept')} in {_count(shown, 'exercise')}.\n"
    )
    for number, item in enumerate(items, 1):
        known = "solved before" if item["solved"] else "new to you"
        typer.echo(
            f"{number}. {item['title']}  (step {item['step']}, {item['difficulty']}, "
            f"~{item['minutes']} min, {known})"
        )
        typer.echo(f"   {terminal_text(item['because'])}")
        typer.echo(f"   Reviews: {' · '.join(concept['name'] for concept in item['concepts'])}")
        typer.echo(f"   → pyroad start {item['slug']}    {absolute(item['url'], server)}")
    if queue["more"]:
        typer.echo(f"…and {_count(queue['more'], 'more review exercise')} after these.")
    typer.echo(
        "\nPassing first try pushes a concept's next review further out; "
        "three failed attempts bring it back the next day."
    )


def show_cards(cards: dict[str, Any]) -> None:
    """Every concept in review: next date, predicted recall now, reviews and lapses."""
    if not cards["cards"]:
        typer.echo("Nothing in review yet.")
        return
    typer.echo(f"{'Concept':<32} {'Next review':<16} {'Recall now':>10} {'Reviews':>8}")
    for card in cards["cards"]:
        lapses = f"  ({_count(card['lapses'], 'lapse')})" if card["lapses"] else ""
        typer.echo(
            f"{card['name'][:32]:<32} {_day(card['due']):<16} "
            f"{round(100 * card['retrievability']):>9}% {card['reps']:>8}{lapses}"
        )


def _day(stamp: str) -> str:
    return datetime.fromisoformat(stamp).strftime("%a %d %b %Y")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
