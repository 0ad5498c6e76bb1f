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
    if "DATABASE_URL" not in env:
        problems.append("DATABASE_URL is required")
    port = 8000
    if "PORT" in env:
        try:
            port = int(env["PORT"])
        except ValueError:
            problems.append(f"PORT must be an integer, got {env['PORT']!r}")
        else:
            if not 1 <= port <= 65535:
                problems.append("PORT out of range")
    debug = False
    if "DEBUG" in env:
        word = env["DEBUG"].strip().lower()
        if word in {"1", "true", "yes", "on"}:
            debug = True
        elif word not in {"0", "false", "no", "off"}:
            problems.append("DEBUG must be a boolean")
    hosts = ("localhost",)
    if "ALLOWED_HOSTS" in env:
        hosts = tuple(h.strip() for h in env["ALLOWED_HOSTS"].split(",") if h.strip())
    level = env.get("LOG_LEVEL", "INFO").strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        problems.append("LOG_LEVEL is not a level")
    if problems:
        raise ConfigError("; ".join(problems))
    return Settings(env.get("DATABASE_URL", ""), port, debug, hosts, level)
