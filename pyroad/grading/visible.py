"""What a failing *visible* test tells the learner: what it did, then expected and got, in words.

A visible test is an example, so its feedback shows everything: what the test did (its
``shows``), what it expected and what the learner's code gave, where two texts first
differ (whitespace said in words; texts too long to quote inline are not quoted: they travel
in the test's ``diff`` for the page and the CLI to show, so the difference is said once),
each part of a labelled result by its label ("status: expected `201`, got `400`") and
nested differences by position and key — never a Python tuple or an index path. Messages
are Markdown: every value goes through ``wording``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyroad.grading.compare import (
    Encoded,
    describe,
    first_difference,
    is_exception,
    matches,
    render,
)
from pyroad.grading.explain import (
    PRINTED_NOT_RETURNED,
    PROMPT_PRINTED,
    RETURNED_NOT_PRINTED,
    SCRIPT_ERRORS,
    input_prompts,
    printed_instead_of_returning,
    returned_instead_of_printing,
)
from pyroad.grading.wording import block, code, edges_marked, text_difference

_OPENERS = frozenset(
    {"after", "as", "before", "for", "from", "given", "in", "on", "using", "when", "with"}
)
SHORT = 70  # characters of a value shown inline; longer ones get a block of their own
_CALL_SHAPE = re.compile(
    r"\(\) (?:takes|missing \d+ required|got an unexpected keyword|got multiple values)"
)


@dataclass(frozen=True)
class Shown:
    """How one probe is presented: its description, how its result reads, its labels."""

    shows: str
    mode: str  # "call" (returns), "program" (prints) or "other"
    labels: tuple[str, ...]
    rule: str
    web: bool = False  # the exercise's setup builds an HTTP test client: values read as JSON


@dataclass(frozen=True)
class Verdict:
    """A visible test's failure as the learner reads it."""

    message: str
    error: bool  # the learner's code raised (an error, not a wrong value)
    diff: dict[str, Any] | None = None
    explanation: str = ""  # the tailored lesson of this failure, for the report


def lead(shown: Shown, code_text: str) -> str:
    """The first paragraph: what the test did."""
    if shown.shows:
        said = shown.shows.strip()
        # "after your commands, runs `git log`": an opening phrase reads after a comma.
        joint = ", " if said.split(" ", 1)[0].lower() in _OPENERS else " "
        return f"This test{joint}{said}" + ("" if said[-1] in ".?!" else ".")
    single = code_text.strip()
    if single and "\n" not in single and len(single) <= 120:
        return f"This test runs {code(single)}."
    return ""


def failure(
    shown: Shown,
    want: Encoded,
    got: Encoded,
    *,
    stdout: str,
    learner_frames: bool,
    kind: str,
    learner_code: str,
) -> Verdict:
    """The message of a visible test whose observation ``got`` does not match ``want``."""
    parts: list[str] = []
    diff: dict[str, Any] | None = None
    explanation = ""
    error = False
    if is_exception(got) and not is_exception(want):
        raised = _raised(got)
        error = learner_frames or bool(_CALL_SHAPE.search(str(got[2])))
        if shown.mode == "program":
            parts.append(
                f"Your program should print:\n{block(_text(want))}\nbut it stopped with {raised}."
            )
        elif error and not learner_frames:
            parts.append(
                f"{_should(shown, want)} your function could not be called this way: {raised}."
            )
        elif error:
            parts.append(f"{_should(shown, want)} your code raised {raised}.")
        else:
            # Raised in the test's own code, about what the learner's code gave back.
            parts.append(
                f"{_should(shown, want)} the test could not use what your code gave back: "
                f"{raised}. Check what your code returns or prints."
            )
    elif is_exception(want):
        wanted = code(want[1][0]) if want[1] and want[1][0] else "an error"
        if is_exception(got):
            parts.append(f"It should raise {wanted}, but your code raised {_raised(got)}.")
        elif shown.mode == "program":
            parts.append(
                f"It should raise {wanted}, but your program printed:\n{block(_text(got))}"
            )
        else:
            parts.append(
                f"It should raise {wanted}, but {_subject(shown)} {_past(shown)} "
                f"{_value(got, as_json=shown.web)}."
            )
    elif shown.labels and _parts(want, len(shown.labels)) and _parts(got, len(shown.labels)):
        parts.append(_labelled(shown, want[1], got[1]))
    elif _both_text(want, got) and (shown.mode == "program" or _long_text(want, got)):
        # The two texts travel in ``diff`` (the page and the CLI show them, the difference
        # marked): the message says once where they part, not the texts and then where.
        parts.append(_texts_differ(shown, want[1], got[1]))
    elif shown.mode == "program" or _multiline_text(want, got):
        noun = {"program": "Your program", "call": "Your code"}.get(shown.mode, "It")
        verb = "print" if shown.mode == "program" else _verb(shown)
        parts.append(
            f"{noun} should {verb}:\n{block(_text(want))}\nbut it "
            f"{'printed' if shown.mode == 'program' else _past(shown)}:\n{block(_text(got))}"
        )
    else:
        parts.append(_compared(shown, want, got))
        where = first_difference(want, got, as_json=shown.web)
        if where:
            parts.append(f"The difference: {where}.")
    if _both_text(want, got):
        at, sentence = text_difference(want[1], got[1])
        if not (shown.mode == "program" or _long_text(want, got)):
            parts.append(sentence)  # after the short values it compares
        diff = {"expected": want[1], "got": got[1], "at": at}
    if (
        kind == "module"
        and got == ["none"]
        and not is_exception(want)
        and want != ["none"]
        and stdout.strip()
        and printed_instead_of_returning(learner_code)
    ):
        printed = stdout.strip().splitlines()[0][:SHORT]
        parts.append(
            f"Your function printed {code(printed)} but returned `None`: it printed the answer "
            "instead of returning it."
        )
        explanation = PRINTED_NOT_RETURNED
    printed_prompt = next(
        (
            prompt
            for prompt in input_prompts(learner_code)
            if kind == "program"
            and _both_text(want, got)
            and prompt in got[1]
            and prompt not in want[1]
        ),
        None,
    )
    if printed_prompt is not None:
        parts.append(
            f"Your program printed {code(edges_marked(printed_prompt))}, the prompt of your "
            f"{code(f'input({printed_prompt!r})')}: what you give to `input()` is printed too."
        )
        explanation = PROMPT_PRINTED
    if (
        kind == "program"
        and got == ["str", ""]
        and _both_text(want, got)
        and returned_instead_of_printing(learner_code)
    ):
        explanation = RETURNED_NOT_PRINTED
    return Verdict("\n\n".join(p.strip("\n") for p in parts), error, diff, explanation)


def _texts_differ(shown: Shown, expected: str, got: str) -> str:
    """ "Your program printed something else. On line 2, character 8 (after …): expected …"."""
    if shown.mode == "program":
        subject = "Your program printed"
    else:
        subject = f"{_subject(shown).capitalize()} {_past(shown)}"
    if got == "":
        return f"{subject} nothing." if shown.mode == "program" else f"{subject} an empty text."
    return f"{subject} a different text. {text_difference(expected, got)[1]}"


def _long_text(want: Encoded, got: Encoded) -> bool:
    """Two texts too long (or too many lines) to quote inline: compared through ``diff``."""
    return _both_text(want, got) and any(
        "\n" in v[1] or len(repr(v[1])) > SHORT for v in (want, got)
    )


def _compared(shown: Shown, want: Encoded, got: Encoded) -> str:
    """ "It should return `8080`, but your code returned `None`.", blocks for long values."""
    expected = render(want, 2000, as_json=shown.web)
    observed = render(got, 2000, as_json=shown.web)
    if max(len(expected), len(observed)) <= SHORT:
        return (
            f"It should {_verb(shown)} {code(expected)}, but {_subject(shown)} {_past(shown)} "
            f"{code(observed)}."
        )
    return (
        f"It should {_verb(shown)}:\n{block(expected)}\nbut {_subject(shown)} {_past(shown)}:\n"
        f"{block(observed)}"
    )


def _should(shown: Shown, want: Encoded) -> str:
    """ "It should return `8080`, but", or the expected parts listed by label, then "But"."""
    items = _by_label(shown, want)
    if items is not None:
        return f"It should {_verb(shown)}:\n\n{items}\n\nBut"
    return f"It should {_verb(shown)} {_value(want, as_json=shown.web)}, but"


def _by_label(shown: Shown, want: Encoded) -> str | None:
    """The expected parts as a Markdown list, one per label; None when unlabelled."""
    if not (shown.labels and _parts(want, len(shown.labels))):
        return None
    return "\n".join(
        f"- {label}: {_value(value, 120, as_json=_json_part(shown, label))}"
        for label, value in zip(shown.labels, want[1], strict=True)
    )


def expectation(shown: Shown, want: Encoded) -> str:
    """What a visible test expects, said before any attempt (a downloaded exercise's
    examples): "It should return `8080`.", the parts by label, a text as a block."""
    if is_exception(want):
        return f"It should raise {code(want[1][0]) if want[1] and want[1][0] else 'an error'}."
    if shown.mode == "program":
        printed = _text(want)
        return f"It should print:\n{block(printed)}" if printed else "It should print nothing."
    items = _by_label(shown, want)
    if items is not None:
        return f"It should {_verb(shown)}:\n\n{items}"
    if _multiline_text(want, want):  # a text of several lines reads as the lines themselves
        return f"It should {_verb(shown)} the text:\n{block(_text(want))}"
    shown_value = render(want, 2000, as_json=shown.web)
    if len(shown_value) > SHORT or "\n" in shown_value:
        return f"It should {_verb(shown)}:\n{block(shown_value)}"
    return f"It should {_verb(shown)} {code(shown_value)}."


_JSON_LABEL = re.compile(r"body|json", re.IGNORECASE)


def _json_part(shown: Shown, label: str) -> bool:
    """A part reads as JSON when it is a body ("body", "JSON …") or the exercise is a web one."""
    return shown.web or bool(_JSON_LABEL.search(label))


def _labelled(shown: Shown, want: list[Any], got: list[Any]) -> str:
    lines = []
    for label, expected, observed in zip(shown.labels, want, got, strict=True):
        as_json = _json_part(shown, label)
        if matches(expected, observed):
            lines.append(f"- {label}: {_value(expected, 120, as_json=as_json)}, as expected")
            continue
        wanted, gave = (
            _value(expected, 120, as_json=as_json),
            _value(observed, 120, as_json=as_json),
        )
        line = f"- {label}: expected {wanted}, got {gave}"
        where = first_difference(expected, observed, as_json=as_json)
        if where:
            line += f" ({where})"
        lines.append(line)
    return "Part by part:\n\n" + "\n".join(lines)


def _parts(value: Encoded, count: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and value[0] == "tuple"
        and isinstance(value[1], list)
        and len(value[1]) == count
    )


def _verb(shown: Shown) -> str:
    return "return" if shown.mode == "call" else "give"


def _past(shown: Shown) -> str:
    return "returned" if shown.mode == "call" else "gave"


def _subject(shown: Shown) -> str:
    """Who gave the result: the learner's function, or the test's look at what they built."""
    return "your code" if shown.mode == "call" else "it"


def _value(value: Encoded, limit: int = SHORT, *, as_json: bool = False) -> str:
    return code(render(value, limit, as_json=as_json))


def _raised(got: Encoded) -> str:
    name = got[1][0] if got[1] else "Exception"
    message = str(got[2])[:200]
    if name in SCRIPT_ERRORS:  # a git exercise's command: said in words, not a class name
        return f"{SCRIPT_ERRORS[name]} ({code(message)})" if message else SCRIPT_ERRORS[name]
    return code(f"{name}: {message}" if message else name)


def _text(value: Encoded) -> str:
    if isinstance(value, list) and len(value) == 2 and value[0] == "str":
        return str(value[1])
    return describe(value, 2000)


def _both_text(want: Encoded, got: Encoded) -> bool:
    return all(
        isinstance(v, list) and len(v) == 2 and v[0] == "str" and isinstance(v[1], str)
        for v in (want, got)
    )


def _multiline_text(want: Encoded, got: Encoded) -> bool:
    """Both observations are text and one spans lines: show them as blocks, not reprs."""
    return _both_text(want, got) and any("\n" in v[1] for v in (want, got))
