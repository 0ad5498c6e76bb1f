"""Where the learner CLI connects and with which token: one token per server.

A learner may use the course's server and a self-hosted one (a teacher's) in turn; logging in
to one must not log them out of the other. The credentials file (in the user's config
directory, ``PYROAD_CREDENTIALS_FILE`` to move it) maps each server URL to its token and
remembers the last server logged in to, the default when neither ``--server`` nor
``PYROAD_SERVER`` says otherwise. The file is written 0600 from its first byte.
An older single-server file (``{"server": URL, "token": T}``) is read as one entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_ENV = "PYROAD_SERVER"


@dataclass
class ClientConfig:
    path: Path
    default: str | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> ClientConfig:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict):
            return cls(path)
        if isinstance(data.get("servers"), dict):
            tokens = {
                normalise(url): str(entry["token"])
                for url, entry in data["servers"].items()
                if isinstance(entry, dict) and isinstance(entry.get("token"), str)
            }
            default = data.get("default")
            return cls(path, normalise(default) if isinstance(default, str) else None, tokens)
        server, token = data.get("server"), data.get("token")  # the single-server format
        if isinstance(server, str) and isinstance(token, str):
            return cls(path, normalise(server), {normalise(server): token})
        return cls(path)

    def server(self, given: str | None, fallback: str) -> str:
        """--server, else PYROAD_SERVER, else the last server logged in to, else settings."""
        return normalise(given or os.environ.get(SERVER_ENV) or self.default or fallback)

    def token(self, server: str) -> str | None:
        return self.tokens.get(normalise(server))

    def remember(self, server: str, token: str) -> None:
        """Store ``token`` for ``server`` (others kept) and make it the default."""
        server = normalise(server)
        self.tokens[server] = token
        self.default = server
        self._write()

    def forget(self, server: str) -> bool:
        """Drop ``server``'s token; True if there was one."""
        found = self.tokens.pop(normalise(server), None) is not None
        if self.default == normalise(server):
            self.default = next(iter(self.tokens), None)
        self._write()
        return found

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "default": self.default,
            "servers": {url: {"token": token} for url, token in self.tokens.items()},
        }
        # 0600 from the first byte, and again for a file that existed with wider rights.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(json.dumps(body, indent=1))


def normalise(url: str) -> str:
    """One spelling per server: no trailing slash."""
    return url.strip().rstrip("/")
