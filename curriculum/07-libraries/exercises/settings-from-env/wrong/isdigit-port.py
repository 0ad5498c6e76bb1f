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


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def load_settings(env):
    """Build Settings from a dict of environment variables; raise ConfigError if invalid."""
    problems = []

    def read(name):
        return (env.get(name) or "").strip()

    database_url = read("DATABASE_URL")
    if not database_url:
        problems.append("DATABASE_URL is required")

    port = 8000
    if read("PORT"):
        text = read("PORT")
        if not text.isdigit():
            problems.append(f"PORT must be an integer, got {text!r}")
        else:
            port = int(text)
            if not 1 <= port <= 65535:
                problems.append(f"PORT must be between 1 and 65535, got {port}")

    debug = False
    if read("DEBUG"):
        word = read("DEBUG").lower()
        if word in TRUE_WORDS:
            debug = True
        elif word not in FALSE_WORDS:
            problems.append(f"DEBUG must be a boolean like true/false, got {read('DEBUG')!r}")

    hosts = ("localhost",)
    if read("ALLOWED_HOSTS"):
        hosts = tuple(h.strip() for h in read("ALLOWED_HOSTS").split(",") if h.strip())

    log_level = read("LOG_LEVEL").upper() or "INFO"
    if log_level not in LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, got {read('LOG_LEVEL')!r}")

    if problems:
        raise ConfigError("; ".join(problems))
    return Settings(database_url, port, debug, hosts, log_level)
