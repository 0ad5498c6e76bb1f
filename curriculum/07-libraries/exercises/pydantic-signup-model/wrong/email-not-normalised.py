from pydantic import BaseModel, ConfigDict, Field


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(pattern=r"@")
    username: str = Field(min_length=3, max_length=20)
    password: str = Field(min_length=8)
    age: int | None = Field(default=None, ge=13)
    newsletter: bool = False


def parse_signup(payload):
    return SignupRequest.model_validate(payload).model_dump(exclude={"password"})
