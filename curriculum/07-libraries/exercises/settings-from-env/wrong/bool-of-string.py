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
    problems = []
    database_url = env.get("DATABASE_URL", "").strip()
    if not database_url:
        problems.append("DATABASE_URL is required")
    try:
        port = int(env.get("PORT") or 8000)
    except ValueError:
        problems.append("PORT must be an integer")
        port = 0
    if port and not 1 <= port <= 65535:
        problems.append("PORT is out of range")
    debug = bool(env.get("DEBUG", ""))
    hosts = tuple(h.strip() for h in env.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip())
    log_level = (env.get("LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        problems.append("LOG_LEVEL is not a level")
    if problems:
        raise ConfigError("; ".join(problems))
    return Settings(database_url, port, debug, hosts, log_level)
