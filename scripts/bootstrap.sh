#!/usr/bin/env bash
# Install everything pyroad needs on a fresh Debian machine that has Python ≥ 3.11 and pip:
# Debian packages (bubblewrap and libseccomp2 for the sandbox, git for the git exercises, chromium for the
# browser tests), uv (from PyPI if missing), the locked Python environment, and the editor
# bundle when its sources changed.
# Usage: scripts/bootstrap.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

packages=()
command -v bwrap >/dev/null 2>&1 || packages+=(bubblewrap)
ldconfig -p 2>/dev/null | grep -q "libseccomp.so.2 " || packages+=(libseccomp2)  # the seccomp allowlists (pyseccomp)
command -v git >/dev/null 2>&1 || packages+=(git)
if [ "$want_tests" = 1 ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium fonts-dejavu-core)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "pyroad: installing Debian packages: ${packages[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  else
    echo "pyroad: please install these Debian packages as root: apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  python3 -m uv --version >/dev/null 2>&1 || {
    echo "pyroad: installing uv from PyPI"
    python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  }
  UV=(python3 -m uv)
fi
export UV_PYTHON_DOWNLOADS=never
"${UV[@]}" sync --frozen --quiet

# The editor bundle (CodeMirror 6, built from frontend/ with esbuild) is committed, so the app
# needs no Node.js at run time. Its first line records a hash of its sources: when they changed
# (or the bundle is missing) and npm is here, rebuild it from the locked packages.
editor_sources_hash() {
  local files=(frontend/package-lock.json frontend/build.mjs)
  local name
  while IFS= read -r name; do files+=("frontend/src/$name"); done < <(LC_ALL=C ls frontend/src)
  cat "${files[@]}" | sha256sum | cut -d' ' -f1
}
bundle=pyroad/web/static/editor.js
if [ -d frontend ] && ! head -c 200 "$bundle" 2>/dev/null | grep -q "pyroad-editor $(editor_sources_hash)"; then
  if command -v npm >/dev/null 2>&1; then
    echo "pyroad: building the editor bundle (npm ci && npm run build in frontend/)"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
  elif [ -f "$bundle" ]; then
    echo "pyroad: frontend/ changed but npm is missing; using the committed editor bundle" >&2
  else
    echo "pyroad: $bundle is missing and npm is not installed (apt-get install npm)" >&2
    exit 1
  fi
fi
echo "pyroad: environment ready (.venv)"
