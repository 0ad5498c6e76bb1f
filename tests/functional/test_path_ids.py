"""Every integer id in a URL path is bounded to what a row id can be (``web.deps.RowId``):
an id of 2**63 once reached SQLite and came back as a 500 (OverflowError)."""

from __future__ import annotations

from pathlib import Path

from pyroad.app import create_app
from pyroad.db import MAX_ID
from tests.conftest import make_settings


def test_every_integer_path_parameter_is_a_bounded_row_id(tmp_path: Path) -> None:
    document = create_app(make_settings(tmp_path)).openapi()
    checked = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["in"] != "path" or schema.get("type") != "integer":
                    continue
                where = f"{method.upper()} {path} {{{parameter['name']}}}"
                assert (schema.get("minimum"), schema.get("maximum")) == (1, MAX_ID), where
                checked.append(where)
    assert len(checked) >= 20, checked  # the cohorts, submissions, comments, … routes
