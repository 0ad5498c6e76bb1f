"""Property-based run of schemathesis over the whole OpenAPI spec: no 5xx, nothing off-spec."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from pyroad.app import create_app
from pyroad.platform import build_platform
from tests.conftest import make_settings

# schemathesis' fixture-based loader does not support pytest 9 yet, so the app is built at
# import (no I/O: the schema is generated from the routes) and the platform in a fixture.
DATA = Path(tempfile.mkdtemp(prefix="pyroad-fuzz-"))
SETTINGS = make_settings(DATA, embedded_worker=False)  # grading is not under test here
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def platform() -> Iterator[None]:
    built = build_platform(SETTINGS)
    APP.state.platform = built  # every case's start-up uses it: no platform built per case
    with TestClient(APP) as client:
        response = client.post(
            "/api/v1/accounts", json={"email": "fuzz@example.com", "password": "fuzzing-pw"}
        )
        TOKEN["value"] = response.json()["access_token"]
    yield
    built.close()
    shutil.rmtree(DATA, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case: schemathesis.Case) -> None:
    if case.operation.path == "/api/v1/auth/logout":
        return  # would revoke the token the other operations use; covered in test_bad_input
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN['value']}"})
