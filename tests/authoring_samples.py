"""A small exercise as the authoring form's fields, shared by the authoring tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from pyroad.accounts.models import Role, User
from tests.conftest import Learner

STATEMENT = """# Double it

Write `double(n)` that returns twice the number `n`.

```python
>>> double(4)
8
```
"""
TESTS = """setup = "from solution import double"

[[test]]
name = "doubles four"
code = "double(4)"
message = "`double(4)` is 8: twice the number."
visible = true

[[test]]
name = "doubles zero"
code = "double(0)"
message = "Twice zero is zero."

[[test]]
name = "doubles a negative number"
code = "double(-3)"
message = "A negative number doubles to a more negative one."

[[test]]
name = "doubles a big number"
code = "double(10**6)"
message = "Any whole number doubles, however large."
"""
SOLUTION = "def double(n):\n    return n * 2\n"
STARTER = "def double(n):\n    pass\n"
WRONG_ADD = "def double(n):\n    return n + 2\n"
WRONG_SQUARE = "def double(n):\n    return n * n\n"
RIGHT_ADD = "def double(n):\n    return n + n\n"  # correct, so it passes: not a wrong one


def fields(slug: str = "double-it", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "slug": slug,
        "step": 2,
        "title": "Double it",
        "order": 90,
        "difficulty": "easy",
        "minutes": 5,
        "kind": "module",
        "concepts": ["functions"],
        "lessons": [],
        "hints": [
            "What does it mean to have twice something?",
            "Multiply by a number.",
            "Return `n * 2`.",
        ],
        "time_s": 5,
        "memory_mb": 256,
        "statement": STATEMENT,
        "starter": STARTER,
        "solution": SOLUTION,
        "tests": TESTS,
        "wrong": [WRONG_ADD, WRONG_SQUARE],
        "right": [RIGHT_ADD],
    }
    values.update(overrides)
    return values


def make_author(client: TestClient, role: Role = Role.AUTHOR) -> Learner:
    """A registered account given the author role (as `pyroad admin create --role` would)."""
    account = Learner(client)
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with platform.sessions() as session:
        session.execute(update(User).where(User.email == account.email).values(role=role))
        session.commit()
    return account
