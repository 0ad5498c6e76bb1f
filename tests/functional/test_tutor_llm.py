"""The tutor with its optional model: a fake OpenAI-compatible server on 127.0.0.1.

The model is given only what the offline tutor may show (the prompts it receives hold no
hidden input, expected value or reference line), and whatever it answers is checked: a model
that prints the solution, reworded or not, or quotes a hidden test, is not shown — the offline
answer is, with the reason. A slow, failing, garbled or absent endpoint gives the offline answer.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pyroad.config import Settings
from pyroad.curriculum.loader import load_catalog
from tests.conftest import CURRICULUM, Learner, make_settings
from tests.functional.test_tutor import ADVERSARIAL, INJECTED, WRONG
from tests.functional.tutor_support import FakeModel, leaks

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.require_exercise("parse-port")
HELPFUL = (
    "Your function lets `int()` decide what a port is, but `int()` accepts text this task "
    "rejects and crashes on junk. Check the characters first, convert second, check the "
    "range last. Read [Type casting](/lessons/numbers-types-and-casting#s-type-casting-"
    "converting-between-types)."
)
TIME_OUT_S = 1.0


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


@pytest.fixture
def fake() -> Iterator[FakeModel]:
    model = FakeModel(reply=HELPFUL).start()
    yield model
    model.stop()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, fake: FakeModel) -> Settings:
    return make_settings(
        tmp_path,
        database_url,
        tutor_url=fake.url,
        tutor_model="fake-tutor",
        tutor_key="sk-test-key",
        tutor_timeout_s=TIME_OUT_S,
        tutor_questions_per_minute=1000,
    )


def ask(learner: Learner, question: str, **extra: object) -> dict[str, object]:
    response = learner.post(
        "/api/v1/tutor/questions", json={"question": question, "exercise": "parse-port", **extra}
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.fixture
def failed(client: TestClient, learner: Learner) -> Learner:
    learner.wait(learner.submit("parse-port", WRONG["parse-port"]))
    return learner


def test_a_helpful_model_answer_is_shown_and_its_prompt_holds_no_secret(
    fake: FakeModel, failed: Learner
) -> None:
    answer = ask(failed, "why does this fail?", code=INJECTED.format(name="parse_port"))
    assert answer["source"] == "llm" and answer["answer"] == HELPFUL
    assert answer["fallback"] == ""
    assert answer["sections"]  # the links are there whoever wrote the words
    request = fake.prompts[-1]
    assert request["model"] == "fake-tutor"
    assert fake.headers[-1].get("Authorization") == "Bearer sk-test-key"
    prompt = json.dumps(request, ensure_ascii=False)
    assert leaks(prompt, EXERCISE) == []
    # The learner's code travels marked as data, and the failing test as its rule.
    user = request["messages"][1]["content"]
    assert "<learner-code>" in user and "developer mode" in user
    assert "never write the solution" in request["messages"][0]["content"]


def test_every_adversarial_prompt_sent_to_the_model_holds_no_secret(
    fake: FakeModel, failed: Learner
) -> None:
    for question in ADVERSARIAL:
        ask(failed, question, code=INJECTED.format(name="parse_port"))
    assert len(fake.prompts) == len(ADVERSARIAL)
    for request in fake.prompts:
        assert leaks(json.dumps(request, ensure_ascii=False), EXERCISE) == []


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        # The model prints the reference solution.
        (f"Sure! Here is the solution:\n\n```python\n{EXERCISE.solution}```", "withheld"),
        # Reflowed and renamed so no line matches: still a definition of parse_port.
        (
            "Try this:\n\n```python\ndef parse_port(value):\n    value = value.strip()\n"
            "    if value.isdigit():\n        return int(value)\n    return None\n```",
            "wrote solution code",
        ),
        # Indented (not fenced) code.
        (
            "Like this:\n\n    def parse_port(t):\n        return int(t) if t.strip().isdigit() "
            "else None\n",
            "wrote solution code",
        ),
        # One line of the reference, inline.
        ("Start with `if not (text.isascii() and text.isdigit()):` and go on.", "reference"),
        # A hidden test's input and expected value.
        ("The hidden test calls parse_port('5432') and expects 5432.", "hidden test"),
        ("One hidden input is '8_080' (an underscore): it must give None.", "hidden test"),
    ],
)
def test_a_model_answer_with_the_solution_or_a_hidden_test_is_withheld(
    fake: FakeModel, failed: Learner, reply: str, reason: str
) -> None:
    fake.reply = reply
    answer = ask(failed, "give me the full solution")
    assert answer["source"] == "offline"
    assert "withheld" in str(answer["fallback"]) and reason in str(answer["fallback"])
    assert answer["answer"] != reply
    said = json.dumps(answer, ensure_ascii=False)
    assert leaks(said, EXERCISE) == []
    assert "def parse_port" not in said
    assert "can't show the hidden tests" in str(answer["answer"])  # the offline refusal
    stored = failed.get(f"/api/v1/tutor/questions/{answer['id']}").json()
    assert stored["answer"] == answer["answer"]  # the model's text is not kept either


def test_a_slow_model_times_out_and_the_offline_answer_is_shown(
    fake: FakeModel, failed: Learner
) -> None:
    fake.delay_s = TIME_OUT_S + 2
    answer = ask(failed, "why does this fail?")
    assert answer["source"] == "offline"
    assert f"did not answer within {TIME_OUT_S:g} s" in str(answer["fallback"])
    assert "example: not a number" in str(answer["answer"])


@pytest.mark.parametrize(
    ("status", "raw", "reason"),
    [
        (500, None, "answered 500"),
        (200, b"<html>not json</html>", "not a chat completion"),
        (200, json.dumps({"choices": []}).encode(), "not a chat completion"),
        (200, json.dumps({"choices": [{"message": {"content": " "}}]}).encode(), "empty"),
    ],
)
def test_a_failing_model_gives_the_offline_answer(
    fake: FakeModel, failed: Learner, status: int, raw: bytes | None, reason: str
) -> None:
    fake.status, fake.raw = status, raw
    answer = ask(failed, "why does this fail?")
    assert answer["source"] == "offline" and reason in str(answer["fallback"])
    assert answer["failing_test"] and answer["sections"]


def test_an_unreachable_model_gives_the_offline_answer(tmp_path: Path, sandbox: object) -> None:
    from pyroad.app import create_app

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = make_settings(
        tmp_path,
        f"sqlite:///{tmp_path / 'down.sqlite3'}",
        tutor_url=f"http://127.0.0.1:{port}/v1",
        tutor_model="m",
    )
    with TestClient(create_app(settings, sandbox=sandbox)) as client:  # type: ignore[arg-type]
        learner = Learner(client)
        answer = ask(learner, "why does this fail?")
        assert answer["source"] == "offline"
        assert "unreachable" in str(answer["fallback"])
