"""API shapes for accounts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pyroad.accounts.models import Role

# Explicit classes (no \s): Python and the JSON Schema (ECMA) dialect must agree on them.
# Control characters are refused everywhere: PostgreSQL cannot store NUL in text.
_ADDRESS_PART = r"[^@\u0000-\u0020\u007f]+"
EMAIL_PATTERN = rf"^{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}$"
NAME_PATTERN = r"^[^\u0000-\u001f\u007f]*$"


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, pattern=EMAIL_PATTERN, examples=["ada@example.com"])
    password: str = Field(min_length=8, max_length=256, description="At least 8 characters.")
    display_name: str = Field("", max_length=80, pattern=NAME_PATTERN)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, pattern=NAME_PATTERN)
    password: str = Field(max_length=256)


class ResetRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, pattern=EMAIL_PATTERN, examples=["ada@example.com"])


class ResetRequestOut(BaseModel):
    """The same answer whether or not an account uses the e-mail."""

    detail: str
    sends_mail: bool = Field(description="False when this server cannot send e-mail.")


class NewPasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=8, max_length=256, description="At least 8 characters.")


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    role: Role


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    user: UserOut
