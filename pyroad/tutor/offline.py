"""The offline tutor: an answer put together from the context, the lessons and the hints.

It needs no network and no model: the failing test's rule (and for a visible test what it
did, expected and got), the error's explanation, the exercise's concepts, the best lesson
sections for the question and the failure (BM25, ``retrieval``), and the next hint to
reveal. Asked for hidden tests or a solution it says it will not show them, why, and
helps anyway. Each part comes from what the learner can already read; ``guard`` still
checks every part, and a part that fails the check is left out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from pyroad.curriculum.model import Catalog
from pyroad.grading.wording import code as span
from pyroad.tutor.context import TutorContext
from pyroad.tutor.guard import Secrets, secrets_of
from pyroad.tutor.retrieval import Hit, index_for

log = logging.getLogger("pyroad.tutor")
SECTIONS = 3  # lesson sections linked per answer
# Asking for what the tutor never gives: hidden tests, their data, a solution; or trying to
# talk it out of its rules. Matched on the question only (the code is data, not a request).
_WANTS_TESTS = re.compile(
    r"\bhidden\b|\bsecret|\b(?:test|tests)\s+(?:input|inputs|case|cases|data|values?)\b"
    r"|\bexpected\s+(?:value|values|output|outputs|result|results|answer)"
    r"|\b(?:print|show|list|dump|reveal|give)\b[^.?!]{0,30}\btests?\b"
    r"|\b(?:inputs?|arguments?)\b[^.?!]{0,40}\btests?\b|\btests?\b[^.?!]{0,40}\b(?:inputs?|arguments?)\b"
    r"|\bexpected\.json\b|\btests\.toml\b",
    re.IGNORECASE,
)
_WANTS_SOLUTION = re.compile(
    r"\bsolution\b|\banswer key\b|\breference\b|\bfull code\b|\bcomplete code\b"
    r"|\b(?:write|finish|solve|do)\b[^.?!]{0,30}\b(?:for me|the (?:function|code|exercise))\b"
    r"|\bgive me (?:the |some )?code\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"\bignore\b[^.?!]{0,40}\b(?:instructions|rules|previous|above)\b|\bsystem prompt\b"
    r"|\byou are now\b|\bdeveloper mode\b|\bjailbreak",
    re.IGNORECASE,
)
_WHY = re.compile(
    r"\bwhy\b|\bfail|\bwrong\b|\berror\b|\bbroken\b|\bnot work|\bdoesn'?t work|\btraceback\b"
    r"|\bstuck\b|\bwhat'?s the problem\b",
    re.IGNORECASE,
)
REFUSAL = (
    "I can't show the hidden tests, their inputs or expected results, or a solution (not "
    "even part of one) — working that out is the exercise, and the feedback is built so it "
    "can't be replayed as an answer key. Here is what I can tell you."
)


@dataclass(frozen=True)
class Answer:
    """An answer in Markdown and the facts it rests on (shown beside it, stored with it)."""

    markdown: str
    sections: list[dict[str, str]] = field(default_factory=list)
    failing_test: dict[str, Any] | None = None
    next_hint: dict[str, int] | None = None
    refused: bool = False

    def facts(self) -> dict[str, Any]:
        return {
            "sections": self.sections,
            "failing_test": self.failing_test,
            "next_hint": self.next_hint,
            "refused": self.refused,
        }


def asks_for_secrets(question: str) -> bool:
    """The question asks for hidden tests, a solution, or tries to lift the tutor's rules."""
    return any(p.search(question) for p in (_WANTS_TESTS, _WANTS_SOLUTION, _INJECTION))


def answer(catalog: Catalog, context: TutorContext, question: str) -> Answer:
    """The offline answer to ``question`` in ``context``."""
    exercise = context.exercise
    secrets = secrets_of(exercise) if exercise else None
    refused = asks_for_secrets(question)
    parts: list[str] = [REFUSAL] if refused else []
    failing = context.failing[0] if context.failing else None
    about_failure = bool(_WHY.search(question)) or refused or not question.strip()
    if exercise is not None:
        if failing is not None and about_failure:
            parts += _failure_parts(context)
        elif failing is not None:
            kind = "hidden test" if failing.hidden else "example test"
            parts.append(
                f"(Your latest submission fails the {kind} **{failing.name}**: {failing.rule} "
                "Ask me “why does this fail?” to go through it.)"
            )
        elif context.verdict == "passed":
            parts.append(
                f"Your latest submission of *{exercise.title}* passed all {context.total} tests."
            )
        elif context.verdict is not None:
            parts.append(
                f"Your latest submission ended with {span(context.verdict)}: {context.summary}"
            )
            if context.explanation:
                parts.append(context.explanation)
        elif about_failure:
            parts.append(
                "You have not submitted this exercise yet (or it is still being graded): "
                "press **Submit**, then ask me again and I will go through the first failing "
                "test with you. **Run** shows what your code prints without grading it."
            )
        if exercise.concepts:
            concepts = ", ".join(span(c) for c in exercise.concepts)
            parts.append(f"This exercise practises {concepts}.")
    hits = _sections(catalog, context, question)
    if hits:
        lines = ["Read more in the lessons:"]
        for hit in hits:
            section = hit.section
            lines.append(f"- [{section.title}]({section.url}): {section.excerpt()}")
        parts.append("\n".join(lines))
    hint = context.hint
    next_hint = None
    if hint is not None and hint.total:
        if hint.next_number is not None:
            next_hint = {"number": hint.next_number, "total": hint.total}
            parts.append(
                f"Still stuck after reading? Reveal hint {hint.next_number} of {hint.total} "
                "(the **Hints** box beside the exercise), then try again."
            )
        else:
            parts.append(f"You have seen all {hint.total} hints of this exercise.")
    if exercise is None and not hits:
        parts.append(
            "I found nothing in the lessons about that. Ask about a Python or backend topic of "
            "the course, or open an exercise and ask me about it there."
        )
    kept = _checked(parts, secrets, context.code)
    return Answer(
        markdown="\n\n".join(kept),
        sections=[
            {
                "lesson": hit.section.lesson,
                "title": hit.section.title,
                "url": hit.section.url,
                "excerpt": hit.section.excerpt(),
            }
            for hit in hits
            if _checked([hit.section.excerpt()], secrets, context.code)
        ],
        failing_test=failing.as_json() if failing else None,
        next_hint=next_hint,
        refused=refused,
    )


def _failure_parts(context: TutorContext) -> list[str]:
    failing = context.failing[0]
    count = len(context.failing)
    others = f" ({count - 1} more test{'s' if count > 2 else ''} failed too)" if count > 1 else ""
    kind = "a hidden test" if failing.hidden else "an example test"
    parts = [f"Your latest submission fails **{failing.name}**, {kind}{others}."]
    if failing.hidden:
        parts.append(f"The rule it checks: {failing.rule}")
        rest = failing.message.split("\n\n", 1)
        if len(rest) > 1 and rest[1].strip():
            parts.append(rest[1].strip())  # the safe facts the result already says
    else:
        parts.append(failing.message)
    if failing.hidden and failing.traceback:
        # Rebuilt from the learner's own lines: the frames say where, never the data.
        frames = failing.traceback.strip().splitlines()
        parts.append("Where it stopped in your code:\n\n" + "\n".join(f"    {f}" for f in frames))
    if context.explanation:
        parts.append(context.explanation)
    return parts


def _sections(catalog: Catalog, context: TutorContext, question: str) -> list[Hit]:
    """The best sections for the question, the failure and the exercise's concepts."""
    words = [question]
    exercise = context.exercise
    if context.failing:
        failing = context.failing[0]
        words += [failing.rule, failing.rule, failing.name]
        if failing.traceback:
            words.append(failing.traceback.strip().splitlines()[-1])
    if exercise is not None:
        words += [exercise.title, " ".join(exercise.concepts)]
    prefer = exercise.lessons if exercise else ()
    return index_for(catalog).search(" ".join(words), limit=SECTIONS, prefer=prefer)


def _checked(parts: list[str], secrets: Secrets | None, learner_code: str) -> list[str]:
    """The parts the guard passes; a part it flags is dropped and logged (never shown)."""
    if secrets is None:
        return parts
    kept = []
    for part in parts:
        findings = secrets.check(part, learner_code=learner_code)
        if findings:
            log.warning("tutor: offline part withheld (%s)", findings[0].kind)
            continue
        kept.append(part)
    return kept
