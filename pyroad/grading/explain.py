"""Plain-language explanations of errors, tailored to the beginner mistakes seen most.

``explain_exception`` says what an exception type means. ``explain`` goes further for the
commonest first-hour mistakes (``input()`` in a function exercise, reading more lines than
typed, a misspelt or unimported name, a missing colon or indentation, calling with the
wrong arguments, a function missing from the file) and says what to change, in words.

What it may read: the learner's own submitted code, the exercise's reference solution and
the exception's type name. The exception's message is written by code the learner controls
and may carry a hidden test's input, so a name taken from it is used only when that name
appears in the learner's code (chosen before any input was seen) — the rule of ``hidden``.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import errno
import functools
import re
import sys
from dataclasses import dataclass

from pyroad.grading.wording import code as span
from pyroad.grading.wording import plural

NO_NETWORK = (
    "Your code tried to reach the network, and code here runs in a sandbox without one: no "
    "name lookups, no connections (not even to this server). Where an exercise talks HTTP, use "
    "what its statement gives you (a test client, or a function to call) instead of an address."
)
_NO_NETWORK_ERRNOS = frozenset({errno.EAFNOSUPPORT, errno.ENETUNREACH, errno.EHOSTUNREACH})

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
    "`int('abc')`.",
    "KeyError": "You looked up a key that is not in the dictionary: use `in` to check first, or "
    "`.get(key)` to get None instead of an error.",
    "IndexError": "You asked for a position past the end of a list or string: indexes run from 0 "
    "to `len(...) - 1`.",
    "AttributeError": "The object has no attribute or method with that name: check the spelling "
    "and what type the value really is (`print(type(x))`).",
    "ZeroDivisionError": "You divided by zero: check the divisor before dividing.",
    "RecursionError": "The function called itself too many times: make sure the recursion has a "
    "base case that is always reached.",
    "ImportError": "A module or a name inside it could not be imported: check the spelling.",
    "ModuleNotFoundError": "No module has that name here: check the spelling; only the standard "
    "library and the course's libraries are available.",
    "UnboundLocalError": "A variable is assigned somewhere in the function, so Python treats it as "
    "local, but it is read before that assignment.",
    "StopIteration": "An iterator ran out of items: `next()` was called once too often.",
    "MemoryError": "Your code asked for more memory than allowed.",
    "AssertionError": "An assert statement in your code failed.",
    "FileNotFoundError": "No file exists at that path: check the name and the folder.",
    "GitCommandError": "One of your git commands failed: read git's message to see why.",
    "LearnerScriptError": "A command stopped your script: read its message above. Your commands "
    "run in bash, as in a terminal, but besides git only a few file commands are installed "
    "(`ls`, `cat`, `echo`, `mkdir`, `rm`, `mv`, `cp`, `touch`, `head`, `tail`, `wc`, `grep`).",
    "SystemExit": "Your code called `exit()`; let your functions return instead.",
    "EOFError": "Your code called `input()` but there was nothing left to read.",
    "gaierror": NO_NETWORK,
    "ConnectionRefusedError": NO_NETWORK,
    "OutputLimitExceeded": "Your code printed more than this exercise allows, so it was stopped: "
    "look for a `print` inside a loop that runs far more often than you meant (or never ends).",
}

PRINTED_NOT_RETURNED = (
    "Your function printed the answer instead of returning it. `print()` only shows text on "
    "the screen; the tests receive what your function gives back with `return` (a function "
    "that never reaches a `return` gives back `None`). Replace `print(result)` with "
    "`return result`."
)
RETURNED_NOT_PRINTED = (
    "Your program printed nothing. In a program only `print()` shows something: a value a "
    "function returns, or a value written alone on a line (like `total`), is not shown — that "
    "happens only in the interactive Python prompt. Print it: `print(total)`, or call your "
    "function and print what it returns: `print(summary(...))`."
)
PROMPT_PRINTED = (
    "Text you give to `input()` is printed, as a prompt, before the program reads the line: "
    "`input('Name: ')` prints `Name: `. This exercise's output has no prompts, so call "
    "`input()` with nothing between the brackets."
)
_NAME_ERROR = re.compile(r"name '([A-Za-z_][A-Za-z0-9_]*)' is not defined")
_CALL_ERROR = re.compile(
    r"^(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\(\) (?:takes|missing|got an unexpected keyword"
    r"|got multiple values)"
)
_IMPORT_NAME = re.compile(r"cannot import name '([A-Za-z_]\w*)' from 'solution'")
_AFTER_BLOCK = re.compile(r"expected an indented block after '?(\w+)'? .*?on line (\d+)")
_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_BLOCK_WORDS = "`def`, `if`, `elif`, `else`, `for`, `while`, `class`, `try`, `except` and `with`"


@dataclass(frozen=True)
class Failure:
    """One error as the explainer may see it.

    ``detail`` is the exception's message (learner-controlled: see the module's docstring);
    ``line`` a line of the learner's file, already checked to exist in ``code``; ``hidden``
    says it happened in a hidden test, whose input the message could carry.
    """

    name: str
    kind: str
    code: str
    starter: str = ""
    reference: str = ""
    detail: str = ""
    line: int | None = None
    at_load: bool = False
    hidden: bool = False


# A git exercise's commands stop with one of these (harness.run_git_script): said in words.
SCRIPT_ERRORS: dict[str, str] = {
    "GitCommandError": "a git command failed",
    "LearnerScriptError": "a command failed",
}
_SCRIPT_LINE = re.compile(r"^line (\d+): ")
_SCRIPT_FAILED = re.compile(r" failed \(exit (\d+)\): ")


def error_words(name: str, line: int | None = None) -> str:
    """ "`NameError` on line 2", or for a git exercise's command "a git command failed"."""
    where = f" on line {line}" if line else ""
    if name in SCRIPT_ERRORS:
        return f"{SCRIPT_ERRORS[name]}{where}"
    return f"{span(name)}{where}"


def script_failure(traceback: str) -> tuple[str, str] | None:
    """A git exercise's stopped command, class names left out: (summary, what went wrong).

    ``GitCommandError: line 2: `git commit` failed (exit 1): nothing to commit`` reads
    "Your commands stopped at line 2: a git command failed." and "Line 2: `git commit`
    failed (exit 1). git said: …". None when the traceback is not a stopped command.
    """
    text = traceback.strip()
    name, sep, message = "", "", ""
    for known in SCRIPT_ERRORS:
        start = text.find(f"{known}: ")
        if start == 0 or (start > 0 and text[start - 1] == "\n"):
            name, sep, message = known, ": ", text[start + len(known) + 2 :]
            break
    if not sep:
        return None
    found = _SCRIPT_LINE.match(message)
    where = f" at line {found.group(1)}" if found else ""
    failed = _SCRIPT_FAILED.search(message)
    what = SCRIPT_ERRORS[name] if failed or name == "GitCommandError" else ""
    summary = f"Your commands stopped{where}" + (f": {what}." if what else ".")
    said = "git said" if name == "GitCommandError" else "It printed"
    plain = _SCRIPT_FAILED.sub(lambda m: f" failed (exit {m.group(1)}). {said}:\n", message, 1)
    return summary, ("L" + plain[1:] if found else plain) + "\n"


def explain_exception(name: str) -> str:
    """A beginner-friendly sentence for an exception type name, or a generic one."""
    return EXPLANATIONS.get(
        name, f"Your code raised {name}. Read the last line of the traceback for the details."
    )


def explain(failure: Failure) -> str:
    """A tailored explanation for the commonest beginner errors, else the type's meaning."""
    handler = _HANDLERS.get(failure.name)
    tailored = handler(failure) if handler else None
    return tailored or explain_exception(failure.name)


# --------------------------------------------------------------------------- input()


def _eof(failure: Failure) -> str | None:
    if failure.kind == "program":
        return (
            "Your program called `input()` more times than the test typed lines: after the "
            "last line there was nothing left to read, so Python stopped with EOFError. Call "
            "`input()` once for each line the statement says is typed, no more."
        )
    if failure.kind != "module" or "input" not in _identifiers(failure.code):
        return None
    where = _quoted(failure, "on line")
    function = _enclosing_function(failure.code, failure.line)
    use = ""
    if function and function[1]:
        verb = "holds" if len(function[1]) == 1 else "hold"
        header = f"def {function[0]}({', '.join(function[1])}):"
        use = f" In {span(header)}, {_naming(function[1])} already {verb} what the test passes in."
    when = " while your file was loading" if failure.at_load else ""
    return (
        f"Your code called `input()`{where}{when}, but in this exercise nothing is typed in: the "
        "tests call your function with arguments. Don't ask for input; use the function's "
        f"parameter instead.{use}"
    )


def _naming(params: list[str]) -> str:
    names = [span(p) for p in params]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- NameError


def _name_error(failure: Failure) -> str | None:
    match = _NAME_ERROR.search(failure.detail)
    if not match or match[1] not in _identifiers(failure.code):
        return None  # only a name the learner wrote may be said
    name = match[1]
    where = _quoted(failure, "on line")
    if name in sys.stdlib_module_names:
        return (
            f"{span(name)} is a module of Python's standard library, but your code uses it"
            f"{where} without importing it: add {span('import ' + name)} at the top of your file."
        )
    defined = _defined_names(failure.code)
    if name in defined:
        return (
            f"Your code defines {span(name)}, but where it is used{where} Python cannot see it: "
            "a variable made inside one function is not visible in another (pass it as an "
            "argument or return it), and a name must be assigned before it is used."
        )
    candidates = sorted(defined | _BUILTIN_NAMES | {"True", "False", "None"})
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.7)
    if not close:
        close = [c for c in candidates if c.lower() == name.lower()][:1]
    if close:
        return (
            f"Python does not know the name {span(name)}{where}: did you mean {span(close[0])}? "
            "A name must be spelt exactly as where it was defined (upper and lower case count)."
        )
    return (
        f"Python does not know the name {span(name)}{where}: your code never defines it. Assign "
        f"it before that line ({span(name + ' = ...')}), define it with `def`, or, if you meant "
        f"the text itself, put it in quotes ({span(repr(name))})."
    )


# --------------------------------------------------------------------------- syntax


def _syntax(failure: Failure) -> str | None:
    if failure.hidden:
        return None  # raised in a hidden test (eval of its input?): the message is data
    detail, number = failure.detail, failure.line
    text = _line_text(failure.code, number)
    if number is None:
        return None
    quoted = f" ({span(text.strip())})" if text.strip() else ""
    if detail.startswith("expected ':'"):
        return (
            f"Line {number}{quoted} needs a colon at its end: {span(text.strip() + ':')}. "
            f"Lines that start a block ({_BLOCK_WORDS}) end with `:`."
        )
    after = _AFTER_BLOCK.search(detail)
    if after:
        opener, line = after[1], int(after[2])
        head = _line_text(failure.code, line).strip()
        return (
            f"The line after line {line} ({span(head)}) must be indented: the body of "
            f"{span(opener)} starts 4 spaces further in than the {span(opener)} line itself."
        )
    if detail.startswith("unexpected indent"):
        return (
            f"Line {number}{quoted} starts further in than the line above it, but nothing "
            "opened a block there: line it up with the lines around it."
        )
    if detail.startswith("unindent does not match"):
        spaces = len(text) - len(text.lstrip(" "))
        return (
            f"Line {number}{quoted} is indented by {plural(spaces, 'space')}, which matches no "
            "block above it: use exactly the indentation of the lines it belongs with (each "
            "block steps in 4 spaces)."
        )
    if failure.name == "TabError" or "tabs and spaces" in detail:
        return (
            f"Line {number} mixes tabs and spaces in its indentation: indent with spaces only, "
            "4 per level."
        )
    never_closed = re.match(r"'(.)' was never closed", detail)
    if never_closed:
        closer = {"(": ")", "[": "]", "{": "}"}.get(never_closed[1], "")
        return (
            f"The {span(never_closed[1])} opened on line {number}{quoted} is never closed: "
            f"add the matching {span(closer)}."
        )
    if detail.startswith("unterminated string literal"):
        return (
            f"The text (string) started on line {number}{quoted} has no closing quote: end it "
            "with the same quote it starts with."
        )
    if "forgot a comma" in detail:
        return f"Line {number}{quoted} has two values side by side: put a comma between them."
    return (
        f"Python could not read line {number}{quoted}: check for a missing colon, bracket, "
        "quote or comma on that line or the line just above it."
    )


# --------------------------------------------------------------------------- calls


def _type_error(failure: Failure) -> str | None:
    match = _CALL_ERROR.search(failure.detail)
    if not match:
        return None
    name = match[1]
    mine = _signature(failure.code, name)
    if mine is None:
        return None  # not a function of the learner's: only their own names are said
    params, is_method = mine
    if is_method and (not params or params[0] != "self"):
        return (
            f"{span(name)} is a method: its first parameter must be `self` "
            f"({span(f'def {name}(self, ...):')}); Python passes the object itself there."
        )
    yours = span(f"def {name}({', '.join(params)})")
    public = _signature(failure.starter, name)
    wanted = public or _signature(failure.reference, name)
    if public is not None and public[0] != params:
        # The starter is public: its parameters may be named.
        theirs = span(f"def {name}({', '.join(public[0])})")
        return (
            f"The tests call {span(name)} the way the starter defines it, {theirs}, but your "
            f"code has {yours}: give your function exactly these parameters, in this order."
        )
    if wanted is not None and len(wanted[0]) != len(params):
        count = plural(len(wanted[0]), "parameter")
        return (
            f"The tests call {span(name)} as the statement describes, with {count}, but your "
            f"{yours} takes {len(params)}: give it the parameters the statement lists."
        )
    where = _quoted(failure, "on line")
    return (
        f"{span(name)} was called with the wrong arguments{where}: your {yours} takes "
        f"{plural(len(params), 'parameter')}; pass exactly those."
    )


def _import_error(failure: Failure) -> str | None:
    match = _IMPORT_NAME.search(failure.detail)
    if not match or failure.hidden:
        return None
    name = match[1]
    defined = sorted(_top_level(failure.code))
    close = difflib.get_close_matches(name, defined, n=1, cutoff=0.6)
    hint = f" Yours is called {span(close[0])}: rename it." if close else ""
    return (
        f"The tests use {span(name)}, but your code does not define it at the top level of your "
        f"file.{hint} Keep the name the statement and the starter use, spelt exactly."
    )


def _os_error(failure: Failure) -> str | None:
    """An OSError from a socket (no network in the sandbox) says so; other OSErrors do not."""
    found = re.match(r"\[Errno (\d+)\]", failure.detail)
    return NO_NETWORK if found and int(found.group(1)) in _NO_NETWORK_ERRNOS else None


_HANDLERS = {
    "OSError": _os_error,
    "EOFError": _eof,
    "NameError": _name_error,
    "SyntaxError": _syntax,
    "IndentationError": _syntax,
    "TabError": _syntax,
    "TypeError": _type_error,
    "ImportError": _import_error,
}


# --------------------------------------------------------------------------- returns


def printed_instead_of_returning(code: str) -> bool:
    """The learner's code prints somewhere (so "printed instead of returning" can be true)."""
    return "print" in _identifiers(code)


def returned_instead_of_printing(code: str) -> bool:
    """The program computes a value it never shows: a ``return`` value or a bare expression."""
    tree = _tree(code)
    if tree is None:
        return False
    returns = any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(tree))
    bare = any(
        isinstance(n, ast.Expr) and not isinstance(n.value, ast.Call | ast.Constant)
        for n in tree.body
    )
    return returns or bare


def input_prompts(code: str) -> list[str]:
    """The prompt texts of ``input("...")`` calls in ``code`` (non-empty literals only)."""
    tree = _tree(code)
    if tree is None:
        return []
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "input"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value
    ]


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=32)
def _tree(code: str) -> ast.Module | None:
    """The parsed code (read, never changed), once per text: a run explains many tests."""
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _identifiers(code: str) -> frozenset[str]:
    return frozenset(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))


def _line_text(code: str, number: int | None) -> str:
    lines = code.splitlines()
    return lines[number - 1] if number is not None and 1 <= number <= len(lines) else ""


def _quoted(failure: Failure, preposition: str) -> str:
    """`` on line 3 (`port = input()`)`` for a known line of the learner's file, else ""."""
    text = _line_text(failure.code, failure.line).strip()
    if not text:
        return ""
    return f" {preposition} {failure.line} ({span(text)})"


def _defined_names(code: str) -> frozenset[str]:
    """Every name the code binds anywhere: assignments, parameters, defs, imports, loops."""
    tree = _tree(code)
    if tree is None:
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


def _top_level(code: str) -> set[str]:
    tree = _tree(code)
    if tree is None:
        return set()
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return found


def _signature(code: str, name: str) -> tuple[list[str], bool] | None:
    """(parameter names, defined in a class) of the first ``def name`` in ``code``."""
    tree = _tree(code)
    if tree is None:
        return None
    methods = {
        id(item) for node in ast.walk(tree) if isinstance(node, ast.ClassDef) for item in node.body
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            args = node.args
            params = [a.arg for a in [*args.posonlyargs, *args.args]]
            if args.vararg:
                params.append("*" + args.vararg.arg)
            params += [a.arg for a in args.kwonlyargs]
            if args.kwarg:
                params.append("**" + args.kwarg.arg)
            return params, id(node) in methods
    return None


def _enclosing_function(code: str, line: int | None) -> tuple[str, list[str]] | None:
    """The learner's function around ``line`` and its parameters (self left out)."""
    if line is None:
        return None
    tree = _tree(code)
    if tree is None:
        return None
    found = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and (found is None or node.lineno > found.lineno)
        ):
            found = node
    if found is None:
        return None
    params = [a.arg for a in [*found.args.posonlyargs, *found.args.args] if a.arg != "self"]
    return found.name, params
