from dataclasses import dataclass


class ConfigError(Exception):
    """The environment does not describe a valid configuration."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    port: int = 8000
    debug: bool = False
    allowed_hosts: tuple = ("localhost",)
    log_level: str = "INFO"


def load_settings(env):
    """Build Settings from a dict of environment variables; raise ConfigError if invalid."""
    # Your code here
    return Settings(database_url=env.get("DATABASE_URL"))
