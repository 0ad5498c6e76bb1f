import tomllib
from pathlib import Path

VENV_NAMES = (".venv", "venv", "env")


def parse_pyvenv_cfg(text):
    """The settings of a pyvenv.cfg file: {lower-case key: value}."""
    settings = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        settings.setdefault(key.strip().lower(), value.strip())
    return settings


def find_venv(folder):
    """The name of the project's virtual environment folder, or None."""
    for name in VENV_NAMES:
        if (Path(folder) / name / "pyvenv.cfg").is_file():
            return name
    return None


def interpreter(venv, platform):
    """The interpreter's path inside the environment, relative to the project folder."""
    if platform == "win32":
        return venv + "\\Scripts\\python.exe"
    return venv + "/bin/python"


def uses_poetry(pyproject):
    """True when pyproject.toml exists, is valid TOML and has a [tool.poetry] table."""
    if not pyproject.is_file():
        return False
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:
        return False
    return "poetry" in document.get("tool", {})


def package_manager(folder):
    """Which tool manages the project, judged from its files, or None."""
    folder = Path(folder)
    if (folder / "uv.lock").is_file():
        return "uv"
    if (folder / "poetry.lock").is_file() or uses_poetry(folder / "pyproject.toml"):
        return "poetry"
    if (folder / "pdm.lock").is_file():
        return "pdm"
    if (folder / "environment.yml").is_file():
        return "conda"
    if (folder / "requirements.txt").is_file():
        return "pip"
    return None


def inspect_project(folder, platform):
    """What a new teammate wants to know about a project folder."""
    venv = find_venv(folder)
    report = {
        "venv": venv,
        "python": None,
        "version": None,
        "system_site_packages": None,
        "manager": package_manager(folder),
    }
    if venv is not None:
        cfg = Path(folder) / venv / "pyvenv.cfg"
        settings = parse_pyvenv_cfg(cfg.read_text(encoding="utf-8"))
        report["python"] = interpreter(venv, platform)
        report["version"] = settings.get("version_info", settings.get("version"))
        report["system_site_packages"] = (
            settings.get("include-system-site-packages", "").lower() == "true"
        )
    return report
