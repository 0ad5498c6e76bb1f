import re
import tomllib
from pathlib import Path, PurePosixPath, PureWindowsPath

SETTING = re.compile(r"^\s*([^=]*?)\s*=\s*(.*?)\s*$")
MARKERS = [
    ("uv", lambda f: (f / "uv.lock").is_file()),
    ("poetry", lambda f: (f / "poetry.lock").is_file() or _poetry_table(f)),
    ("pdm", lambda f: (f / "pdm.lock").is_file()),
    ("conda", lambda f: (f / "environment.yml").is_file()),
    ("pip", lambda f: (f / "requirements.txt").is_file()),
]


def _poetry_table(folder):
    try:
        with open(folder / "pyproject.toml", "rb") as handle:
            return "poetry" in tomllib.load(handle).get("tool", {})
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return False


def parse_pyvenv_cfg(text):
    found = [SETTING.match(line) for line in text.splitlines()]
    return {m.group(1).lower(): m.group(2) for m in found if m}


def find_venv(folder):
    candidates = [Path(folder, name) for name in (".venv", "venv", "env")]
    return next((c.name for c in candidates if Path(c, "pyvenv.cfg").is_file()), None)


def package_manager(folder):
    folder = Path(folder)
    return next((name for name, present in MARKERS if present(folder)), None)


def inspect_project(folder, platform):
    venv = find_venv(folder)
    if venv is None:
        python = version = system = None
    else:
        cfg = parse_pyvenv_cfg(Path(folder, venv, "pyvenv.cfg").read_text(encoding="utf-8"))
        flavour = PureWindowsPath if platform == "win32" else PurePosixPath
        parts = ("Scripts", "python.exe") if platform == "win32" else ("bin", "python")
        python = str(flavour(venv, *parts))
        version = cfg["version_info"] if "version_info" in cfg else cfg.get("version")
        system = cfg.get("include-system-site-packages", "false").casefold() == "true"
    return {
        "venv": venv,
        "python": python,
        "version": version,
        "system_site_packages": system,
        "manager": package_manager(folder),
    }
