"""One token per server in the credentials file; which server a command talks to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyroad.cli.client_config import SERVER_ENV, ClientConfig


def test_tokens_are_kept_per_server_and_the_last_login_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SERVER_ENV, raising=False)
    path = tmp_path / "config" / "credentials.json"
    config = ClientConfig.load(path)
    assert config.server(None, "http://fallback") == "http://fallback"
    config.remember("https://course.example/", "token-a")
    config.remember("http://teacher.local:8000", "token-b")
    again = ClientConfig.load(path)
    assert again.token("https://course.example") == "token-a"  # trailing slash: same server
    assert again.token("http://teacher.local:8000") == "token-b"
    assert again.server(None, "http://fallback") == "http://teacher.local:8000"
    assert again.server("https://course.example", "http://fallback") == "https://course.example"
    monkeypatch.setenv(SERVER_ENV, "https://course.example")
    assert again.server(None, "http://fallback") == "https://course.example"
    assert again.server("http://given", "http://fallback") == "http://given"  # --server wins
    assert path.stat().st_mode & 0o777 == 0o600
    assert again.forget("http://teacher.local:8000")
    assert ClientConfig.load(path).default == "https://course.example"
    assert ClientConfig.load(path).token("http://teacher.local:8000") is None


def test_the_single_server_file_of_earlier_versions_is_read(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps({"server": "http://old:8000/", "token": "t"}))
    config = ClientConfig.load(path)
    assert config.default == "http://old:8000" and config.token("http://old:8000") == "t"
    path.write_text("not json")
    assert ClientConfig.load(path).tokens == {}
    path.write_text("[1, 2]")
    assert ClientConfig.load(path).tokens == {}
