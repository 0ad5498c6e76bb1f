"""What of the host a slot sees: a neutral copy of the runtime and only the libraries it needs.

``/proc/self/mountinfo`` names, for every bind mount, the source directory *inside its file
system*: binding ``/root/.pyenv/versions/3.11.7`` shows that path to the run whatever the
mount point is called. So the interpreter, the site-packages and the grading modules are
first laid out (hard links, one ``link`` per file; copies across file systems) under a
neutral directory, ``/var/lib/pyroad/runtime/<key>`` (``~/.cache/pyroad/runtime`` when not
root), and bound from there. The key changes when the interpreter or the installed packages
change; a built tree is reused by every later process.

Shared libraries are not bound wholesale (``/usr/lib`` lists the host's software): the
``DT_NEEDED`` closure of the interpreter, its extension modules and git is computed from
the ELF files themselves (no ``ldd``, which runs the loader per file), and each library is
bound alone at its own path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

SKIP_STDLIB = frozenset({"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "site-packages"})
GIT_BINARIES = ("/usr/bin/git",)
_PT_DYNAMIC, _PT_LOAD, _PT_INTERP = 2, 1, 3
_DT_NEEDED, _DT_STRTAB = 1, 5


def runtime_root() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/pyroad/runtime")
    return Path.home() / ".cache" / "pyroad" / "runtime"


def _key(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_ino}\0".encode())
    return digest.hexdigest()[:16]


def _link_tree(source: Path, destination: Path, skip: frozenset[str] = frozenset()) -> None:
    """Recreate ``source`` under ``destination`` with hard links (copies if that fails)."""
    for directory, dirnames, filenames in os.walk(source):
        relative = Path(directory).relative_to(source)
        if relative == Path():
            dirnames[:] = [name for name in dirnames if name not in skip]
        target = destination / relative
        target.mkdir(mode=0o755, parents=True, exist_ok=True)
        for name in filenames:
            origin = Path(directory) / name
            if origin.is_symlink():
                (target / name).symlink_to(origin.readlink())
                continue
            try:
                os.link(origin, target / name)
            except OSError:
                shutil.copy2(origin, target / name)
        for name in dirnames:
            origin = Path(directory) / name
            if origin.is_symlink():
                (target / name).symlink_to(origin.readlink())


def neutral_tree(prefix: Path, executable: Path, site_dirs: list[Path]) -> Path:
    """The runtime laid out under a neutral path: ``python/`` and ``site-N/``."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    stdlib = prefix / "lib" / version
    root = runtime_root()
    tree = root / _key(executable, stdlib, *site_dirs)
    if not tree.is_dir():
        root.mkdir(mode=0o755, parents=True, exist_ok=True)
        os.chmod(root, 0o755)  # noqa: PTH101, S103 - slot uids must read the runtime
        staging = root / f".build-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "python" / "bin").mkdir(mode=0o755, parents=True)
        os.link(executable, staging / "python" / "bin" / executable.name)
        for library in (prefix / "lib").glob("libpython*.so*"):
            target = staging / "python" / "lib" / library.name
            target.parent.mkdir(mode=0o755, exist_ok=True)
            if library.is_symlink():
                target.symlink_to(library.readlink())
            else:
                os.link(library, target)
        _link_tree(stdlib, staging / "python" / "lib" / version, SKIP_STDLIB)
        for index, site in enumerate(site_dirs):
            _link_tree(site, staging / f"site-{index}")
        os.chmod(staging, 0o755)  # noqa: PTH101, S103 - slot uids must read the runtime
        try:
            staging.rename(tree)
        except OSError:  # another process built it first
            shutil.rmtree(staging, ignore_errors=True)
    return tree


def grading_copy(tree: Path, grading: Path) -> Path:
    """This process's copy of the grading modules under ``tree``, named by their content.

    The modules change with the checkout, so each process copies them; the copy is built
    aside and renamed into place, and never removed while this process lives, because
    every sandbox of the process (and every slot they restart) binds it.
    Copies left by processes that have ended are removed here.
    """
    modules = sorted(grading.glob("*.py"))
    digest = hashlib.sha256()
    for module in modules:
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    copy = tree / f"grading-{os.getpid()}-{digest.hexdigest()[:16]}"
    for stale in tree.glob("grading-*"):
        pid = stale.name.removeprefix("grading-").split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(stale, ignore_errors=True)
    if copy.is_dir():
        return copy
    staging = tree / f".grading-{os.getpid()}-{os.urandom(4).hex()}"
    staging.mkdir(mode=0o755)
    for module in modules:
        shutil.copy2(module, staging / module.name)
    try:
        staging.rename(copy)
    except OSError:  # another thread of this process built it first
        shutil.rmtree(staging, ignore_errors=True)
    return copy


# --------------------------------------------------------------------------- libraries


def _elf_needs(path: Path) -> tuple[list[str], str]:
    """(DT_NEEDED names, PT_INTERP) of a 64-bit little-endian ELF file; empty if not one."""
    try:
        data = path.read_bytes()
    except OSError:
        return [], ""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return [], ""
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic, interp = [], None, ""
    for index in range(phnum):
        kind, _, offset, vaddr, _, filesz, _, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + index * phentsize
        )
        if kind == _PT_LOAD:
            loads.append((vaddr, offset, filesz))
        elif kind == _PT_DYNAMIC:
            dynamic = (offset, filesz)
        elif kind == _PT_INTERP:
            interp = data[offset : offset + filesz].rstrip(b"\0").decode()
    if dynamic is None:
        return [], interp
    needed, strtab = [], None
    for position in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, value = struct.unpack_from("<qQ", data, position)
        if tag == 0:
            break
        if tag == _DT_NEEDED:
            needed.append(value)
        elif tag == _DT_STRTAB:
            strtab = value
    if strtab is None:
        return [], interp
    for vaddr, offset, size in loads:  # the string table's address -> its file offset
        if vaddr <= strtab < vaddr + size:
            strtab = strtab - vaddr + offset
            break
    names = [data[strtab + item : data.index(b"\0", strtab + item)].decode() for item in needed]
    return names, interp


def _search_dirs() -> list[Path]:
    multiarch = sysconfig.get_config_var("MULTIARCH") or f"{os.uname().machine}-linux-gnu"
    return [
        Path(p)
        for p in (
            f"/lib/{multiarch}",
            f"/usr/lib/{multiarch}",
            "/lib64",
            "/usr/lib64",
            "/lib",
            "/usr/lib",
        )
    ]


@lru_cache(maxsize=4)
def library_closure(roots: tuple[str, ...]) -> tuple[str, ...]:
    """System libraries (and the loader) the ELF files under ``roots`` need, transitively."""
    files: list[Path] = []
    for root in map(Path, roots):
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files += [p for p in root.rglob("*.so*") if p.is_file()]
    dirs = _search_dirs()
    found: dict[str, Path] = {}
    pending = list(files)
    seen: set[Path] = set()
    loaders: set[str] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        names, interp = _elf_needs(current)
        if interp:
            loaders.add(interp)
        for name in names:
            if name in found:
                continue
            for directory in dirs:
                candidate = directory / name
                if candidate.exists():
                    found[name] = candidate
                    pending.append(candidate)
                    break
    return tuple(sorted({str(path) for path in found.values()} | loaders))


def library_binds(libraries: tuple[str, ...]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to bind at their real paths, and (target, link) symlinks naming them."""
    files, links = [], []
    for name in libraries:
        path = Path(name)
        real = path.resolve()
        canonical = path.parent.resolve() / path.name
        files.append(str(real))
        if canonical != real:
            links.append((os.path.relpath(real, canonical.parent), str(canonical)))
    return sorted(set(files)), sorted(set(links))
