import re
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


BOOLEANS = {"1": True, "true": True, "yes": True, "on": True,
            "0": False, "false": False, "no": False, "off": False}


def load_settings(env):
    values = {}
    errors = []
    raw = {name: str(env.get(name, "")).strip() for name in
           ("DATABASE_URL", "PORT", "DEBUG", "ALLOWED_HOSTS", "LOG_LEVEL")}

    if raw["DATABASE_URL"] == "":
        errors.append("DATABASE_URL is required")
    if raw["PORT"]:
        if re.fullmatch(r"[0-9]+", raw["PORT"]) and 1 <= int(raw["PORT"]) <= 65535:
            values["port"] = int(raw["PORT"])
        else:
            errors.append("PORT must be a number from 1 to 65535")
    if raw["DEBUG"]:
        if raw["DEBUG"].lower() in BOOLEANS:
            values["debug"] = BOOLEANS[raw["DEBUG"].lower()]
        else:
            errors.append("DEBUG is not a boolean")
    if raw["ALLOWED_HOSTS"]:
        values["allowed_hosts"] = tuple(filter(None, map(str.strip, raw["ALLOWED_HOSTS"].split(","))))
    if raw["LOG_LEVEL"]:
        level = raw["LOG_LEVEL"].upper()
        if level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            values["log_level"] = level
        else:
            errors.append("LOG_LEVEL is unknown")
    if errors:
        raise ConfigError("; ".join(errors))
    return Settings(database_url=raw["DATABASE_URL"], **values)
