"""Plain-language explanations of Python's common exceptions, for beginners."""

from __future__ import annotations

EXPLANATIONS: dict[str, str] = {
    "SyntaxError": "Python could not read your code: check for a missing colon, bracket or quote "
    "on the line shown (or the line just above it).",
    "IndentationError": "The indentation (spaces at the start of lines) does not line up: "
    "every line "
    "of a block must start at the same column, usually 4 spaces in.",
    "NameError": "You used a name Python does not know yet: check the spelling, and that the "
    "variable is assigned (or the function defined) before this line runs.",
    "TypeError": "An operation got a value of the wrong type, for example adding a number to a "
    "string, or calling a function with the wrong number of arguments.",
    "ValueError": "A function got a value of the right type but an unusable content, for example "
    "int('abc').",
    "KeyError": "You looked up a key that is not in the dictionary: use `in` to check first, or "
    "`.get(key)` to get None instead of an error.",
    "IndexError": "You asked for a position past the end of a list or string: indexes run from 0 "
    "to len - 1.",
    "AttributeError": "The object has no attribute or method with that name: check the spelling "
    "and what type the value really is (print(type(x))).",
    "ZeroDivisionError": "You divided by zero: check the divisor before dividing.",
    "RecursionError": "The function called itself too many times: make sure the recursion has a "
    "base case that is always reached.",
    "ImportError": "A module or a name inside it could not be imported: check the spelling.",
    "ModuleNotFoundError": "No module has that name here: check the spelling; only the standard "
    "library and the course's libraries are available.",
    "UnboundLocalError": "A variable is assigned somewhere in the function, so Python treats it as "
    "local, but it is read before that assignment.",
    "StopIteration": "An iterator ran out of items: next() was called once too often.",
    "MemoryError": "Your code asked for more memory than allowed.",
    "AssertionError": "An assert statement in your code failed.",
    "FileNotFoundError": "No file exists at that path: check the name and the folder.",
    "GitCommandError": "One of your git commands failed: read git's message to see why.",
    "LearnerScriptError": "Only git commands and a few file commands (echo > file, rm, mkdir, cat) "
    "can be used in this exercise.",
    "SystemExit": "Your code called exit(); let your functions return instead.",
}


def explain_exception(name: str) -> str:
    """A beginner-friendly sentence for an exception type name, or a generic one."""
    return EXPLANATIONS.get(
        name, f"Your code raised {name}. Read the last line of the traceback for the details."
    )
