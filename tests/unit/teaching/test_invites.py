"""Invite codes: random, hashed, and the state a teacher sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyroad.teaching.invites import CODE_BYTES, digest, state
from pyroad.teaching.models import Invite

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def invite(**fields: object) -> Invite:
    values: dict[str, object] = {
        "expires_at": NOW + timedelta(days=1),
        "revoked_at": None,
        "uses": 0,
        "max_uses": None,
    }
    values.update(fields)
    return Invite(**values)


def test_state_names_why_a_code_stopped_working() -> None:
    assert state(invite(), NOW) == "active"
    assert state(invite(revoked_at=NOW), NOW) == "revoked"
    assert state(invite(expires_at=NOW), NOW) == "expired"  # at the instant it expires
    assert state(invite(uses=3, max_uses=3), NOW) == "used up"
    assert state(invite(uses=2, max_uses=3), NOW) == "active"
    # Revoked wins over the rest: that is what the teacher did last.
    assert state(invite(revoked_at=NOW, expires_at=NOW, uses=3, max_uses=3), NOW) == "revoked"


def test_codes_carry_128_bits_and_are_stored_as_sha256() -> None:
    assert CODE_BYTES * 8 >= 128
    assert digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
