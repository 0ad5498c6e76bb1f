#!/usr/bin/env bash
# Build the Debian base image from a Debian mirror alone, for hosts that reach
# deb.debian.org but no container registry (air-gapped build machines, this CI).
# The result is the same distribution as docker.io/library/debian:bookworm-slim, imported
# under a local name:
#   deploy/base-image.sh [TAG]            (default: localhost/pyroad-debian:bookworm)
#   podman build --build-arg BASE=localhost/pyroad-debian:bookworm -t pyroad .
# Needs root, debootstrap (apt-get install debootstrap) and podman or docker.
set -euo pipefail
tag="${1:-localhost/pyroad-debian:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
engine="${ENGINE:-$(command -v podman || command -v docker)}"
root="$(mktemp -d /var/tmp/pyroad-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$mirror" >&2
# What the slim images drop: package lists and caches (apt-get update fetches them again).
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
echo "deb $mirror bookworm-updates main" >> "$root/etc/apt/sources.list"
echo "deb http://security.debian.org/debian-security bookworm-security main" >> "$root/etc/apt/sources.list"
tar --numeric-owner -C "$root" -c . | "$engine" import \
  --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$tag" >&2
echo "$tag"
