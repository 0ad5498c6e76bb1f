from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _email(value: str) -> str:
    value = value.strip().lower()
    if value.count("@") != 1:
        raise ValueError("an e-mail has exactly one @")
    before, after = value.split("@")
    if not before or "." not in after:
        raise ValueError("not a valid e-mail address")
    return value


Email = Annotated[str, AfterValidator(_email)]
Username = Annotated[str, StringConstraints(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")]


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    username: Username
    password: Annotated[str, Field(min_length=8)]
    age: Optional[Annotated[int, Field(ge=13)]] = None
    newsletter: bool = False


def parse_signup(payload):
    model = SignupRequest.model_validate(payload)
    return {name: value for name, value in model.model_dump().items() if name != "password"}
