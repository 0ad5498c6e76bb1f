# syntax=docker/dockerfile:1
# pyroad: one image for the web process (`pyroad serve`) and the grading workers (`pyroad worker`).
#   docker build -t pyroad .            (podman: podman build --format docker -t pyroad .)
# Both stages use Debian's own Python 3.11 (python-downloads never: uv uses the system
# interpreter), so the venv built in the first stage runs unchanged in the second.
# Hosts that reach a Debian mirror but no registry: --build-arg BASE=$(deploy/base-image.sh)
# What the graders need from the host, and the run flags: docs/deploy.md.
ARG BASE=docker.io/library/debian:bookworm-slim

# --------------------------------------------------------------------------- builder
FROM ${BASE} AS builder
ARG UV_VERSION=0.13.9
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# uv from PyPI (Debian 12 does not package it). Behind a TLS-intercepting proxy, pass its
# CA bundle as a build secret (used only while building, never stored in the image):
#   --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt
RUN --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi \
 && python3 -m venv /opt/uv && /opt/uv/bin/pip install --quiet --no-cache-dir "uv==${UV_VERSION}"
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /app
# Dependencies first (their layer is reused while only pyroad's code changes).
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export SSL_CERT_FILE=/run/secrets/ca_bundle; fi \
 && /opt/uv/bin/uv sync --frozen --no-dev --no-install-project
# The project itself is installed editable (a .pth naming /app): only its package marker is
# needed here, so code changes do not invalidate this stage.
COPY README.md ./
COPY pyroad/__init__.py ./pyroad/__init__.py
RUN --mount=type=cache,target=/root/.cache/uv --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export SSL_CERT_FILE=/run/secrets/ca_bundle; fi \
 && /opt/uv/bin/uv sync --frozen --no-dev

# --------------------------------------------------------------------------- runtime
FROM ${BASE} AS runtime
# python3: the interpreter the venv points at; bubblewrap + libseccomp2: the sandbox;
# git + bash: the git exercises; tini: PID 1 that forwards signals and reaps orphans.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3 bubblewrap libseccomp2 git bash tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/pyroad --create-home \
      --shell /usr/sbin/nologin pyroad \
 && install -d -o pyroad -g pyroad -m 0750 /var/lib/pyroad/data
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYROAD_CURRICULUM_DIR=/app/curriculum \
    PYROAD_DATA_DIR=/var/lib/pyroad/data
COPY pyproject.toml README.md /app/
COPY curriculum /app/curriculum
COPY pyroad /app/pyroad
# No copy of the sandbox's runtime is built into the image: it is keyed by the files' inode
# numbers, which differ between the build and a running container (measured: the copy built
# here was never reused). Each container makes /var/lib/pyroad/runtime (root) or
# ~/.cache/pyroad/runtime on its first sandbox start (~200 MB; never a volume there: it
# hard-links from /usr/bin).
# The web process runs unprivileged. `pyroad worker` runs as root in its container
# (`--user 0`): the sandbox then gives every slot a uid of its own and needs to create
# cgroups; see docs/deploy.md for the flags that allow that.
USER pyroad
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
ENTRYPOINT ["tini", "--", "pyroad"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
