from pathlib import Path


def parse_pyvenv_cfg(text):
    settings = {}
    return settings


def find_venv(folder):
    return None


def package_manager(folder):
    return None


def inspect_project(folder, platform):
    return {}
