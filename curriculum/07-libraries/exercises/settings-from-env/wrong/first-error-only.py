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
    database_url = (env.get("DATABASE_URL") or "").strip()
    if not database_url:
        raise ConfigError("DATABASE_URL is required")
    port_text = (env.get("PORT") or "").strip() or "8000"
    if not port_text.isdigit():
        raise ConfigError(f"PORT must be an integer, got {port_text!r}")
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise ConfigError("PORT out of range")
    word = (env.get("DEBUG") or "").strip().lower() or "false"
    if word not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise ConfigError("DEBUG must be a boolean")
    hosts_text = (env.get("ALLOWED_HOSTS") or "").strip()
    hosts = tuple(h.strip() for h in hosts_text.split(",") if h.strip()) or ("localhost",)
    level = (env.get("LOG_LEVEL") or "").strip().upper() or "INFO"
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError("LOG_LEVEL is not a level")
    return Settings(database_url, port, word in {"1", "true", "yes", "on"}, hosts, level)
