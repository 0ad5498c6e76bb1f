"""The mutation gate: does every small plausible mistake in a reference solution fail a probe?

``operators`` turns a Python solution into mutants (one small edit each), ``git`` does the
same for a git exercise's script, ``run`` grades every mutant through the learners' own
sandbox and grader, ``equivalents`` reads ``mutants.toml``, ``cache`` keeps one
``mutation.json`` per exercise so ``curriculum check`` only re-runs what changed, and
``gate`` is what ``check`` and ``pyroad curriculum mutate`` call.

Why our own operators and not a library (decided by trying, 2026-12):
- mutmut 3.8 (libcst): ``create_mutations`` reads mutmut's global configuration from the
  working directory and raises ``FileNotFoundError`` outside a mutmut project; its operator
  functions are internal API, and installing it brings textual, pytest, coverage and click
  into the server's runtime dependencies. Its operators also miss most of what this gate is
  for (regex anchors, status codes, pydantic constraints, copies turned into aliases,
  removed branches).
- cosmic-ray 8.7 (parso): operators are classes driven through its session database and
  plugin registry (stevedore); it brings sqlalchemy, aiohttp, gitpython and more, and has
  the same gaps.
So the operators are written on the standard library's ``ast`` (``ast.unparse`` renders a
mutant; formatting and comments do not matter to a run). Each is a few lines.
"""
