"""Lesson code blocks: how fences are read, and the gate that runs them in the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyroad.curriculum.model import Lesson
from pyroad.curriculum.snippets import SnippetSyntaxError, check_lesson_snippets, lesson_snippets
from pyroad.grading.sandbox import Sandbox

LESSON = """# A lesson

```python
orders = [3, 1, 2]
```

Some text.

```python continue
print(sorted(orders))
```

```bash
echo not python
```

```python raises=ValueError
int("3.5")
```

```python continue
print(len(orders))
```

```python stdin="ada\\n"
print(input().upper())
```
"""


def test_fences_give_each_block_its_prelude_and_markers() -> None:
    first, second, error, third, prompt = lesson_snippets(LESSON)
    assert first.prelude == "" and first.line == 3
    assert second.prelude == first.code and second.program.endswith("print(sorted(orders))\n")
    assert error.raises == "ValueError" and error.prelude == ""
    # A block that raises on purpose is not something later blocks build on.
    assert third.prelude == first.code + "\n" + second.code
    assert prompt.stdin == "ada\n" and prompt.prelude == ""


@pytest.mark.parametrize(
    ("fence", "complaint"),
    [
        ("```python continue\nx = 1\n```\n", "nothing before it"),
        ("```python cont\nx = 1\n```\n", "unknown fence marker 'cont'"),
        ("```python raises=\nx = 1\n```\n", "raises= needs an exception name"),
        ("```python stdin='a\n```\n", "cannot read the fence markers"),
    ],
)
def test_unreadable_markers_say_what_to_write(fence: str, complaint: str) -> None:
    with pytest.raises(SnippetSyntaxError, match=complaint):
        lesson_snippets(fence)


def _lesson(tmp_path: Path, body: str) -> Lesson:
    path = tmp_path / "a-lesson.md"
    path.write_text('+++\ntitle = "A lesson"\n+++\n' + body, encoding="utf-8")
    return Lesson("a-lesson", 1, "A lesson", 1, (), (), body, path)


def test_the_gate_runs_blocks_in_the_sandbox(sandbox: Sandbox, tmp_path: Path) -> None:
    assert check_lesson_snippets(sandbox, _lesson(tmp_path, LESSON)) == []


def test_the_gate_names_the_line_and_the_fix(sandbox: Sandbox, tmp_path: Path) -> None:
    body = (
        "```python\nprices = [1, 2]\n```\n\n"
        "```python\nprint(sum(prices))\n```\n\n"  # builds on the block before, unmarked
        "```python raises=KeyError\nprint({}.get('x'))\n```\n\n"  # claims an error it never raises
        "```python\nname = input()\n```\n"  # needs stdin=
    )
    problems = check_lesson_snippets(sandbox, _lesson(tmp_path, body))
    assert [p.line for p in problems] == [8, 12, 16]
    assert "raises NameError" in problems[0].message and "continue" in problems[0].message
    assert "marked raises=KeyError but it ran without error" in problems[1].message
    assert "raises EOFError" in problems[2].message
