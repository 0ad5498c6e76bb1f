"""Turn an exercise in Exercism's Python layout into a pyroad exercise.

Exercism's layout::

    two-fer/
        .docs/instructions.md (+ introduction.md, instructions.append.md, hints.md)
        .meta/config.json     {"files": {"solution": [...], "test": [...], "example": [...]}}
        .meta/example.py      a solution that passes the tests
        two_fer.py            the stub the learner starts from
        two_fer_test.py       unittest (or pytest) tests

Each test method becomes one pyroad test. Its body is kept, with every assertion the
importer understands (``assertEqual``, ``assertIs``, ``assertIn``, ``assertTrue``/
``assertFalse``, ``assertIsNone``, ``assertRaises`` with its message read through
``err.exception``, ``subTest`` tables, plain ``assert``) replaced by *recording* the value
under test: the probe observes the list of recorded values, the reference (the example)
observes its own list once, and the two are compared on the trusted side, as every pyroad
test is. The expected values of the test file never enter the sandbox.

A test the importer cannot translate (another assertion, ``setUp``, ``self.`` state, mocks)
runs as test code in the sandbox (``run_unittest``): it still decides the verdict as the
original file would, but in the same process as the learner's code, so a learner could forge
it. Such tests are marked ``forgeable = true`` in ``tests.toml``, counted in the exercise's
``[import]`` table and in the importer's report.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from pyroad.curriculum.loader import SLUG, STEP_FOLDER
from pyroad.grading.shows import derive_shows

RECORD = "_observed"
CAUGHT = "_PyroadCaught"
# Modules a test may not import: the sandbox has no network, and a test that reads or writes
# files depends on a machine's state; both are refused with the reason.
NETWORK = {"socket", "urllib", "http", "requests", "httpx", "ftplib", "smtplib", "ssl", "aiohttp"}
FILE_SYSTEM = {"os", "pathlib", "shutil", "tempfile", "glob", "io", "fileinput", "subprocess"}
MIN_HIDDEN = Fraction(1, 3)
DEFAULT_HINTS = (
    "Start from the first example in the statement and make it work before the others.",
    "Read each failing test's message: it names the test from the original test file. "
    "Write the simplest code that makes that case pass, then run the tests again.",
)


class ImportRefused(Exception):
    """The source folder cannot become an exercise; the message says what to fix."""


@dataclass
class ImportedTest:
    name: str
    code: str
    message: str
    forgeable: bool = False
    task: int | None = None
    visible: bool = False


@dataclass
class Imported:
    """One imported exercise, before it is written."""

    slug: str
    title: str
    statement: str
    starter: str
    solution: str
    setup: str
    tests: list[ImportedTest]
    hints: list[str]
    authors: list[str] = field(default_factory=list)
    # The original test file (imports pointed at `solution`) and one in-sandbox run per test:
    # the example must pass every original test before anything is pinned from it.
    original: str = ""
    original_tests: list[tuple[str, str]] = field(default_factory=list)

    @property
    def forgeable(self) -> int:
        return sum(1 for test in self.tests if test.forgeable)

    @property
    def translated(self) -> int:
        return len(self.tests) - self.forgeable


def read_exercise(source: Path) -> Imported:
    """Read one Exercism exercise folder; ``ImportRefused`` says what is wrong with it."""
    slug = source.name
    if not SLUG.match(slug):
        raise ImportRefused(f"{source}: folder name {slug!r} is not an exercise slug")
    config_path = source / ".meta" / "config.json"
    try:
        config = json.loads(config_path.read_text("utf-8"))
    except OSError:
        raise ImportRefused(f"{source}: no .meta/config.json (not an Exercism exercise)") from None
    except ValueError as error:
        raise ImportRefused(f"{config_path}: invalid JSON ({error})") from None
    files = config.get("files") if isinstance(config, dict) else None
    if not isinstance(files, dict):
        raise ImportRefused(f"{config_path}: no 'files' object naming solution, test, example")
    module_name = slug.replace("-", "_")
    stub = _one_file(source, files, "solution", config_path, f"{module_name}.py")
    test_file = _one_file(source, files, "test", config_path, f"{module_name}_test.py")
    # Practice exercises name an example, concept exercises an exemplar.
    key = "exemplar" if files.get("exemplar") and not files.get("example") else "example"
    fallback = ".meta/exemplar.py" if (source / ".meta" / "exemplar.py").is_file() else None
    example = _one_file(source, files, key, config_path, fallback or ".meta/example.py")
    module = stub.stem
    statement = _statement(source)
    tree = _parse(test_file)
    _refuse_imports(tree, test_file)
    setup, tests, original, original_tests = _translate(tree, module, test_file)
    if not tests:
        raise ImportRefused(f"{test_file}: no test methods (def test_… in a TestCase) found")
    _choose_visible(tests, _read(example), setup)
    authors = config.get("authors") if isinstance(config.get("authors"), list) else []
    return Imported(
        slug=slug,
        title=_title(source, slug),
        statement=statement,
        starter=_read(stub),
        solution=_read(example),
        setup=setup,
        tests=tests,
        hints=_hints(source),
        authors=[str(author) for author in authors],
        original=original,
        original_tests=original_tests,
    )


def _one_file(
    source: Path, files: dict[str, Any], key: str, config_path: Path, default: str
) -> Path:
    """The file ``files.KEY`` names; an empty list means the track's usual name."""
    names = files.get(key)
    if names == [] or names is None:
        names = [default]
    if not isinstance(names, list) or not isinstance(names[0], str):
        raise ImportRefused(f"{config_path}: files.{key} must list one file")
    path = (source / names[0]).resolve()
    if source.resolve() not in path.parents or not path.is_file():
        raise ImportRefused(f"{config_path}: files.{key} names {names[0]!r}, which is missing")
    if path.suffix != ".py":
        raise ImportRefused(f"{config_path}: files.{key} must be a Python file")
    return path


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefused(f"{path}: cannot read ({error})") from None


def _parse(path: Path) -> ast.Module:
    try:
        return ast.parse(_read(path), filename=str(path))
    except SyntaxError as error:
        raise ImportRefused(f"{path}:{error.lineno}: does not parse ({error.msg})") from None


def _statement(source: Path) -> str:
    docs = source / ".docs"
    parts = [
        _read(docs / name).strip()
        for name in ("introduction.md", "instructions.md", "instructions.append.md")
        if (docs / name).is_file()
    ]
    if not (docs / "instructions.md").is_file():
        raise ImportRefused(f"{source}: no .docs/instructions.md")
    text = "\n\n".join(parts)
    # Exercism's files each open with "# Instructions"; the page shows the title already.
    text = re.sub(r"^# (Introduction|Instructions|Instructions append)\s*\n", "", text, flags=re.M)
    return text.strip() + "\n"


def _title(source: Path, slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def _hints(source: Path) -> list[str]:
    """Bullets of ``.docs/hints.md`` (at most 5), else two general nudges."""
    path = source / ".docs" / "hints.md"
    if path.is_file():
        bullets = [
            line.strip()[2:].strip()
            for line in _read(path).splitlines()
            if line.strip().startswith(("- ", "* "))
        ]
        if bullets:
            # Hint 1 is a nudge without code: the first bullet without a long code span.
            plain = [b for b in bullets if not re.search(r"`[^`]{11,}`", b)]
            first = plain[0] if plain else DEFAULT_HINTS[0]
            return [first, *[b for b in bullets if b != first]][:5]
    return list(DEFAULT_HINTS)


def _refuse_imports(tree: ast.Module, path: Path) -> None:
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "open"
        ):
            raise ImportRefused(
                f"{path}:{node.lineno}: the test opens a file; pyroad's tests may not use "
                "the file system (the sandbox's files are not the author's machine)"
            )
        line = getattr(node, "lineno", 0)
        for name in names:
            top = name.split(".")[0]
            if top in NETWORK:
                raise ImportRefused(
                    f"{path}:{line}: the test imports {name} (network); the sandbox has "
                    "no network, so such a test cannot run there"
                )
            if top in FILE_SYSTEM:
                raise ImportRefused(
                    f"{path}:{line}: the test imports {name} (file system); pyroad's "
                    "tests may not use the file system"
                )


# --------------------------------------------------------------------------- translation


def _translate(
    tree: ast.Module, module: str, path: Path
) -> tuple[str, list[ImportedTest], str, list[tuple[str, str]]]:
    """The setup (the file's module level), one test per method, the original file (imports
    pointed at ``solution``) and a run of each original test as test code."""
    setup_nodes: list[ast.stmt] = []
    original_nodes: list[ast.stmt] = []
    tests: list[ImportedTest] = []
    originals: list[tuple[str, str]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and _is_test_case(node):
            found, untranslated = _class_tests(node)
            tests += found
            original_nodes.append(node)
            originals += [
                (m.name, f"run_unittest({node.name}, {m.name!r})")
                for m in node.body
                if isinstance(m, ast.FunctionDef) and m.name.startswith("test")
            ]
            if untranslated:
                # Only what the in-sandbox tests need: their methods, setUp and helpers; the
                # translated methods (and the expected values they hold) stay out.
                kept = [
                    member
                    for member in node.body
                    if not (isinstance(member, ast.FunctionDef) and member.name.startswith("test"))
                    or member.name in untranslated
                ]
                setup_nodes.append(
                    ast.ClassDef(
                        name=node.name,
                        bases=node.bases,
                        keywords=node.keywords,
                        body=kept,
                        decorator_list=node.decorator_list,
                    )
                )
            continue
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            test = _function_test(node)
            tests.append(test)
            original_nodes.append(node)
            nones = ", ".join("None" for _ in node.args.args)
            originals.append((node.name, f"{node.name}({nones})\n'passed'"))
            if test.forgeable:
                setup_nodes.append(node)
            continue
        if isinstance(node, ast.If) and _is_main_guard(node):
            continue  # `if __name__ == "__main__": unittest.main()`
        rewritten = _rewrite_import(node, module, path)
        setup_nodes.append(rewritten)
        original_nodes.append(rewritten)
    prelude = (
        f"class {CAUGHT}:\n    exception = None  # what `with self.assertRaises(E) as err` binds\n"
    )
    setup = ast.unparse(ast.Module(body=setup_nodes, type_ignores=[]))
    original = ast.unparse(ast.Module(body=original_nodes, type_ignores=[]))
    return f"{setup}\n{prelude}" if setup.strip() else prelude, tests, original, originals


def _is_test_case(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(base, ast.Attribute) and base.attr == "TestCase")
        or (isinstance(base, ast.Name) and base.id == "TestCase")
        for base in node.bases
    ) or node.name.startswith("Test")


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )


def _rewrite_import(node: ast.stmt, module: str, path: Path) -> ast.stmt:
    """``from two_fer import x`` → ``from solution import x``; ``import two_fer`` likewise,
    wherever they are in the statement (a ``try: … except ImportError`` around them)."""
    rewritten: ast.stmt = _PointAtSolution(module).visit(node)
    return ast.fix_missing_locations(rewritten)


class _PointAtSolution(ast.NodeTransformer):
    def __init__(self, module: str) -> None:
        self.module = module

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST:
        if node.module == self.module and not node.level:
            return ast.ImportFrom(module="solution", names=node.names, level=0)
        return node

    def visit_Import(self, node: ast.Import) -> ast.AST:
        names = [
            ast.alias(name="solution", asname=alias.asname or self.module)
            if alias.name == self.module
            else alias
            for alias in node.names
        ]
        return ast.Import(names=names)


def _task_of(function: ast.FunctionDef) -> int | None:
    """``@pytest.mark.task(taskno=2)`` → 2 (Exercism's concept exercises link tests to tasks)."""
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "task"
        ):
            for keyword in decorator.keywords:
                if keyword.arg == "taskno" and isinstance(keyword.value, ast.Constant):
                    value = keyword.value.value
                    return value if isinstance(value, int) else None
    return None


def _class_tests(node: ast.ClassDef) -> tuple[list[ImportedTest], set[str]]:
    """The class's test methods as tests, and the names of those run as test code."""
    methods = [m for m in node.body if isinstance(m, ast.FunctionDef)]
    has_setup = any(m.name in ("setUp", "setUpClass", "tearDown") for m in methods)
    helpers = {m.name for m in methods if not m.name.startswith("test")}
    tests = []
    untranslated: set[str] = set()
    for method in methods:
        if not method.name.startswith("test"):
            continue
        code = None if has_setup or helpers else _translate_body(method)
        message = _message(method)
        if code is None:
            untranslated.add(method.name)
            tests.append(
                ImportedTest(
                    method.name,
                    f"run_unittest({node.name}, {method.name!r})",
                    message,
                    forgeable=True,
                    task=_task_of(method),
                )
            )
        else:
            tests.append(ImportedTest(method.name, code, message, task=_task_of(method)))
    return tests, untranslated


def _function_test(function: ast.FunctionDef) -> ImportedTest:
    """A pytest-style ``def test_x():``; a fixture it names but never uses is ignored, one it
    uses (``capsys``, ``tmp_path`` …) cannot be provided in the sandbox: refused."""
    arguments = [a.arg for a in function.args.args]
    used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    if set(arguments) & used:
        raise ImportRefused(
            f"{function.name} uses pytest fixtures ({', '.join(sorted(set(arguments) & used))}),"
            " which the sandbox cannot provide; rewrite the test without them"
        )
    code = _translate_body(function)
    if code is None:
        nones = ", ".join("None" for _ in arguments)
        return ImportedTest(
            function.name,
            f"{function.name}({nones})\n'passed'",
            _message(function),
            forgeable=True,
            task=_task_of(function),
        )
    return ImportedTest(function.name, code, _message(function), task=_task_of(function))


def _message(function: ast.FunctionDef) -> str:
    """What a failing test says: the docstring if any, else which original test it is."""
    doc = ast.get_docstring(function)
    words = function.name.removeprefix("test_").replace("_", " ")
    rule = doc.strip().splitlines()[0] if doc else f"The original test `{function.name}` fails"
    if not doc:
        rule += f" ({words})."
    return rule


class Untranslatable(Exception):
    """A statement the importer does not turn into observations."""


def _translate_body(function: ast.FunctionDef) -> str | None:
    """The method's body as probe code recording each checked value, or None."""
    _LITERAL_NAMES.clear()
    try:
        body = _statements(_strip_docstring(function.body))
    except Untranslatable:
        return None
    if not any(isinstance(node, ast.Expr) and _is_record(node) for node in _walk(body)):
        return None  # nothing checked: run as it is
    if len(body) == 1 and isinstance(body[0], ast.Expr) and _is_record(body[0]):
        # One checked value and nothing else: the probe is that expression, observed as it is
        # (a single call reads "This test calls `f(x)`" to the learner).
        call = body[0].value
        assert isinstance(call, ast.Call)
        return ast.unparse(call.args[0])
    module = ast.Module(
        body=[
            ast.Assign(targets=[ast.Name(RECORD, ast.Store())], value=ast.List([], ast.Load())),
            *body,
            ast.Expr(ast.Name(RECORD, ast.Load())),
        ],
        type_ignores=[],
    )
    return ast.unparse(ast.fix_missing_locations(module))


def _strip_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:] or [ast.Pass()]
    return body


def _walk(body: list[ast.stmt]) -> list[ast.AST]:
    return [node for statement in body for node in ast.walk(statement)]


def _is_record(node: ast.Expr) -> bool:
    call = node.value
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == RECORD
    )


def _record(value: ast.expr) -> ast.stmt:
    return ast.Expr(
        ast.Call(
            func=ast.Attribute(ast.Name(RECORD, ast.Load()), "append", ast.Load()),
            args=[value],
            keywords=[],
        )
    )


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for node in body:
        out += _statement_of(node)
    return out


def _statement_of(node: ast.stmt) -> list[ast.stmt]:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        checked = _assertion(node.value)
        if checked is not None:
            return [checked]
    if isinstance(node, ast.Assert):
        return [_record(_observed_compare(node.test))]
    if isinstance(node, ast.With):
        return _with(node)
    if isinstance(node, ast.For):
        _no_self(node.target, node.iter)
        bound = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        _LOOP_NAMES.append(_LOOP_NAMES[-1] | bound)
        try:
            body = _statements(node.body)
        finally:
            _LOOP_NAMES.pop()
        return [
            ast.For(
                target=node.target,
                iter=node.iter,
                body=body,
                orelse=_statements(node.orelse),
                type_comment=None,
            )
        ]
    if isinstance(node, ast.If):
        _no_self(node.test)
        return [
            ast.If(test=node.test, body=_statements(node.body), orelse=_statements(node.orelse))
        ]
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Expr | ast.Pass):
        _no_self(node)
        _note_literal_names(node)
        return [node]
    raise Untranslatable(type(node).__name__)


def _no_self(*nodes: ast.AST) -> None:
    for node in nodes:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id == "self":
                raise Untranslatable("self")


def _self_call(call: ast.Call) -> str | None:
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    ):
        return func.attr
    return None


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _pair(call: ast.Call) -> tuple[ast.expr, ast.expr]:
    if len(call.args) < 2 or any(k.arg not in ("msg",) for k in call.keywords):
        raise Untranslatable("arguments")
    return call.args[0], call.args[1]


def _observed_equal(first: ast.expr, second: ast.expr) -> ast.expr:
    """The value under test: the side that is not the expected value (a literal, a name
    bound to a literal in the test, or a name a table's loop binds, as ``expected`` in
    ``for value, expected in cases``); observed, it is compared on the trusted side.

    When both sides are computed (``Clock(8, 0) == Clock(7, 60)``), the test's own ``==``
    decides, in the sandbox, as unittest would: the learner's ``__eq__`` is what such a test
    checks, and comparing both values with the example's would judge their representation.
    """
    if _expected(second) and not _expected(first):
        return first
    if _expected(first) and not _expected(second):
        return second
    return ast.Compare(first, [ast.Eq()], [second])


def _note_literal_names(node: ast.stmt) -> None:
    """``expected = {...}`` names an expected value; any other binding of a name undoes it."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return
    literal = isinstance(node, ast.Assign) and _literal(node.value)
    for target in targets:
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                if literal and target is name:
                    _LITERAL_NAMES.add(name.id)
                else:
                    _LITERAL_NAMES.discard(name.id)


_LOOP_NAMES: list[set[str]] = [set()]  # names bound by the enclosing for-loops' targets
_LITERAL_NAMES: set[str] = set()  # names the test method bound to a literal so far


def _expected(node: ast.expr) -> bool:
    if isinstance(node, ast.Name) and (node.id in _LOOP_NAMES[-1] or node.id in _LITERAL_NAMES):
        return True
    return _literal(node)


def _observed_compare(test: ast.expr) -> ast.expr:
    _no_self(test)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        return _observed_equal(test.left, test.comparators[0])
    return _bool(test)


def _bool(value: ast.expr) -> ast.expr:
    return ast.Call(ast.Name("bool", ast.Load()), [value], [])


def _assertion(call: ast.Call) -> ast.stmt | None:
    name = _self_call(call)
    if name is None:
        return None
    for argument in [*call.args, *(k.value for k in call.keywords)]:
        _no_self(argument)
    if name in ("assertEqual", "assertEquals"):
        return _record(_observed_equal(*_pair(call)))
    if name == "assertIs":
        first, second = _pair(call)
        if isinstance(second, ast.Constant) and second.value in (True, False, None):
            return _record(first)  # observations keep bool, int and None apart
        return _record(ast.Compare(first, [ast.Is()], [second]))
    if name in ("assertIn", "assertNotIn"):
        first, second = _pair(call)
        operator = ast.In() if name == "assertIn" else ast.NotIn()
        return _record(ast.Compare(first, [operator], [second]))
    if name in ("assertTrue", "assertFalse") and call.args:
        return _record(_bool(call.args[0]))
    if name in ("assertIsNone", "assertIsNotNone") and call.args:
        return _record(ast.Compare(call.args[0], [ast.Is()], [ast.Constant(None)]))
    raise Untranslatable(name)


def _with(node: ast.With) -> list[ast.stmt]:
    if len(node.items) != 1:
        raise Untranslatable("with")
    item = node.items[0]
    context = item.context_expr
    if not isinstance(context, ast.Call):
        raise Untranslatable("with")
    name = _self_call(context)
    if name == "subTest":
        return _statements(node.body)  # the table's rows run in turn, each recording
    if name == "assertRaises" and len(context.args) == 1 and not context.keywords:
        return _raises(context.args[0], item.optional_vars, node.body)
    raise Untranslatable("with")


def _raises(kind: ast.expr, bound: ast.expr | None, body: list[ast.stmt]) -> list[ast.stmt]:
    """``with self.assertRaises(E) as err:`` → record whether E was raised (another
    exception propagates: the test errors, as in unittest), binding ``err.exception``."""
    _no_self(kind)
    caught = "_pyroad_raised"
    statements: list[ast.stmt] = []
    if bound is not None:
        if not isinstance(bound, ast.Name):
            raise Untranslatable("assertRaises target")
        statements.append(
            ast.Assign([ast.Name(bound.id, ast.Store())], ast.Call(ast.Name(CAUGHT), [], []))
        )
    handler_body: list[ast.stmt] = [_record(ast.Constant("raised as expected"))]
    if bound is not None:
        handler_body.insert(
            0,
            ast.Assign(
                [ast.Attribute(ast.Name(bound.id, ast.Load()), "exception", ast.Store())],
                ast.Name(caught, ast.Load()),
            ),
        )
    statements.append(
        ast.Try(
            body=_statements(body),
            handlers=[ast.ExceptHandler(type=kind, name=caught, body=handler_body)],
            orelse=[_record(ast.Constant("no exception raised"))],
            finalbody=[],
        )
    )
    return statements


def _choose_visible(tests: list[ImportedTest], example: str, setup: str) -> None:
    """Examples a learner sees: translated tests that are one call of the learner's function
    with plain values, at most two thirds; the rest stay hidden (a failure shows its rule)."""
    from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe

    room = len(tests) - _ceil(len(tests) * MIN_HIDDEN)
    stand_in = Exercise(
        slug="x", step=1, title="x", order=0, difficulty=Difficulty.EASY, minutes=0,
        concepts=(), hints=(), kind=ExerciseKind.MODULE, statement="", starter="",
        solution=example, setup=setup, setup_repo="", tests=(), wrong_solutions=(),
        limits=ExerciseLimits(), lessons=(), project=False, path=Path(),
    )  # fmt: skip
    for test in tests:
        if room <= 0:
            break
        probe = Probe(name=test.name, code=test.code, message=test.message, line=0, visible=True)
        if test.forgeable or derive_shows(probe, stand_in) is None:
            continue
        test.visible = True
        room -= 1


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


# --------------------------------------------------------------------------- writing


def write_exercise(imported: Imported, step_folder: Path, order: int, concepts: list[str]) -> Path:
    """Write ``imported`` as ``step_folder/exercises/SLUG`` (a new folder); returns it."""
    folder = step_folder / "exercises" / imported.slug
    if folder.exists():
        raise ImportRefused(f"{folder} already exists; remove it to import again")
    folder.mkdir(parents=True)
    meta: dict[str, Any] = {
        "title": imported.title,
        "order": order,
        "difficulty": "medium",
        "minutes": 20,
        "concepts": concepts,
        "hints": imported.hints,
    }
    lines = [f"{key} = {_toml(value)}" for key, value in meta.items()]
    lines += [
        "",
        "# Imported from Exercism's layout by `pyroad curriculum import --format exercism`.",
        "# forgeable: tests run as test code in the sandbox (their verdict can be forged).",
        "[import]",
        'format = "exercism"',
        f"source = {_toml(imported.slug)}",
        f"translated = {imported.translated}",
        f"forgeable = {imported.forgeable}",
        f"authors = {_toml(imported.authors)}",
    ]
    (folder / "exercise.toml").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "statement.md").write_text(imported.statement, "utf-8")
    (folder / "starter.py").write_text(imported.starter, "utf-8")
    (folder / "solution.py").write_text(imported.solution, "utf-8")
    (folder / "tests.toml").write_text(_tests_toml(imported), "utf-8")
    return folder


def _tests_toml(imported: Imported) -> str:
    parts = [f"setup = {_toml_multiline(imported.setup)}", ""]
    for test in imported.tests:
        parts.append("[[test]]")
        parts.append(f"name = {_toml(test.name)}")
        parts.append(f"code = {_toml_multiline(test.code)}")
        parts.append(f"message = {_toml(test.message)}")
        if test.visible:
            parts.append("visible = true")
        if test.forgeable:
            parts.append("forgeable = true  # runs as test code in the sandbox: forgeable")
        if test.task is not None:
            parts.append(f"task = {test.task}")
        parts.append("")
    text = "\n".join(parts)
    tomllib.loads(text)  # written for the loader: fail here, not later, if quoting went wrong
    return text


def _toml(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string or list is valid TOML


def _toml_multiline(text: str) -> str:
    if "'''" not in text and not text.endswith("'"):
        return f"'''\n{text.rstrip()}\n'''"
    return _toml(text)


def step_folder(dest: Path) -> Path:
    """``dest`` as a step folder (``NN-name``), made with a ``step.toml`` when new."""
    if not STEP_FOLDER.match(dest.name):
        raise ImportRefused(
            f"{dest}: DEST is a step folder of a curriculum, named like 10-imported "
            "(two digits, a dash, a name)"
        )
    dest.mkdir(parents=True, exist_ok=True)
    meta = dest / "step.toml"
    if not meta.exists():
        meta.write_text(
            'title = "Imported exercises"\nsummary = "Exercises imported from Exercism\'s '
            'layout."\n',
            "utf-8",
        )
    return dest


def next_order(step: Path) -> int:
    orders = [0]
    for meta in (step / "exercises").glob("*/exercise.toml"):
        try:
            value = tomllib.loads(meta.read_text("utf-8")).get("order")
        except (OSError, ValueError):
            continue
        if isinstance(value, int):
            orders.append(value)
    return max(orders) + 1


def sources(src: Path) -> list[Path]:
    """``src`` itself when it is an exercise, else the exercises directly inside it."""
    if (src / ".meta" / "config.json").is_file():
        return [src]
    if not src.is_dir():
        raise ImportRefused(f"{src}: not a folder")
    found = sorted(p for p in src.iterdir() if (p / ".meta" / "config.json").is_file())
    if not found:
        raise ImportRefused(f"{src}: no Exercism exercise here (a folder with .meta/config.json)")
    return found
