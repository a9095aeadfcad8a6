#!/usr/bin/env bash
# Makes a local stand-in for the official `node` image, for machines that reach no image registry:
# Debian bookworm (debootstrap --variant=minbase, from the mirror this machine's apt already uses),
# with the Node.js binary that runs this script in /usr/local/bin and npm from the npm registry, laid
# out as in the official image. Prints the image's name. Reuses the image when it is already there.
# Use: tests/container/base-image.sh [NAME]   (podman must be usable: see tests/container/smoke.sh)
set -euo pipefail

name="${1:-localhost/reprise-node-base:24-bookworm}"
if podman image exists "$name"; then
  echo "$name"
  exit 0
fi

node_version=$(node --version)
if [ "${node_version%%.*}" != "v24" ]; then
  echo "base-image: needs Node.js 24 on PATH (found $node_version)" >&2
  exit 1
fi

# The Debian mirror this machine's apt uses (deb822 sources or the one-line format).
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
if [ -z "$mirror" ]; then
  mirror=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1 || true)
fi
if [ -z "$mirror" ]; then
  echo "base-image: found no Debian mirror in /etc/apt/sources.list(.d)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

echo "base-image: debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

echo "base-image: Node.js $node_version and npm $(npm --version)" >&2
install -m 0755 "$(node -p process.execPath)" "$root/usr/local/bin/node"
(cd "$work" && npm pack --silent "npm@$(npm --version)" >/dev/null)
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# This machine's trusted certificates (the npm registry may be reached through a TLS-inspecting
# proxy whose authority only the host trusts), for npm and Node.js inside the image.
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/reprise-host-ca.crt"
mkdir -p "$root/usr/local/etc"
printf 'cafile=/etc/ssl/certs/reprise-host-ca.crt\nfund=false\naudit=false\nupdate-notifier=false\n' >"$root/usr/local/etc/npmrc"
# What debootstrap leaves behind that an image does not need.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/*

tar -C "$root" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/reprise-host-ca.crt' \
  --change 'CMD ["node"]' - "$name" >/dev/null
echo "$name"
