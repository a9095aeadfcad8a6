#!/usr/bin/env bash
# Container smoke test (run by .ci/run after `npm test`): builds the image from the Dockerfile with
# podman, then starts it twice, each time waiting for /readyz, signing in as the demo shopper and
# stopping it with SIGTERM:
#   1. against this machine's PostgreSQL (a throw-away database), the demo shop added by
#      `npm run seed:demo` run inside the container (its one-time password read from its output);
#   2. on a new database restored from a pg_dump of the first (README, "Back up and restore");
#   3. on the embedded database in a named volume, seeded with the public demo passwords on first start.
# It also checks what the Dockerfile promises: a non-root user, tini as PID 1, the HEALTHCHECK passing,
# and exit 0 on SIGTERM. Containers, volumes, the image and the database are removed on exit.
#
# The set-up for this machine kind lives here, not in the Dockerfile: no image registry is reachable,
# so the base is made from Debian's packages (tests/container/base-image.sh) and passed as NODE_IMAGE;
# crun and rlimits are refused, so runc, cgroupfs and a containers.conf with no default ulimits.
# Timings of a cold and a warm run: docs/decisions.md ("The container image").
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
say() { echo "container: $* ($(($(date +%s) - t0)) s)"; }

# 1. Tools: podman with runc (Debian's), debootstrap for the base image, curl for the requests.
missing=()
for tool in podman runc debootstrap curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
pm() { podman --cgroup-manager cgroupfs --runtime runc "$@"; }

run_id="$$"
image="localhost/reprise:smoke-$run_id"
ctr="reprise-smoke-$run_id"
volume="reprise-smoke-data-$run_id"
db="reprise_container_$run_id"
cleanup() {
  local code=$?
  if [ "$code" -ne 0 ] && pm container exists "$ctr" 2>/dev/null; then
    echo "--- container log (last 40 lines) ---" >&2
    pm logs --tail 40 "$ctr" >&2 || true
  fi
  pm rm -f -v -t 0 "$ctr" >/dev/null 2>&1 || true
  pm volume rm -f "$volume" >/dev/null 2>&1 || true
  pm rmi -f "$image" >/dev/null 2>&1 || true
  # The build's intermediate layers (~1.5 GB) are the cache of the next build; CI leaves no such
  # weight behind. The base image (~260 MB, the slow part) is kept: `podman rmi` it to make it anew.
  if [ "${CI:-}" = true ]; then pm image prune -f >/dev/null 2>&1 || true; fi
  for d in "$db" "${db}_restored"; do
    psql -h 127.0.0.1 -U postgres -d postgres -q -c "drop database if exists $d with (force)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
fail() {
  echo "container: FAILED: $*" >&2
  exit 1
}

# 2. The base image (made once per machine, then reused) and the app's image.
say "base image"
base=$(bash tests/container/base-image.sh)
say "building the image on $base"
if ! pm build --format docker --network host --build-arg "NODE_IMAGE=$base" -t "$image" . >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  fail "podman build"
fi
say "image built ($(pm image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"

port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
origin="http://127.0.0.1:$port"

# Waits until /readyz answers 200 (the container must keep running meanwhile).
wait_ready() {
  for _ in $(seq 1 180); do
    [ "$(pm inspect --format '{{.State.Running}}' "$ctr")" = "true" ] || fail "the container stopped before it was ready"
    if curl -fsS -o /dev/null "$origin/readyz" 2>/dev/null; then return 0; fi
    sleep 1
  done
  fail "/readyz did not answer 200 within 180 s"
}

# Signs in as the demo shopper with password $1 and reads the account back with the session cookie.
sign_in() {
  local jar="$work/cookies" status
  rm -f "$jar"
  status=$(curl -sS -o "$work/sign-in.json" -w '%{http_code}' -c "$jar" -H 'Content-Type: application/json' \
    -H "Origin: $origin" --data "{\"email\":\"alice@example.com\",\"password\":\"$1\"}" "$origin/api/auth/sign-in")
  [ "$status" = 200 ] || fail "sign-in answered $status: $(cat "$work/sign-in.json")"
  curl -fsS -b "$jar" "$origin/api/auth/me" | grep -q '"email":"alice@example.com"' || fail "/api/auth/me does not name the demo shopper"
}

# What the Dockerfile promises, then a stop by SIGTERM that ends with exit 0.
check_and_stop() {
  [ "$(pm exec "$ctr" id -u)" != 0 ] || fail "the portal runs as root"
  [ "$(pm exec "$ctr" cat /proc/1/comm)" = tini ] || fail "PID 1 is not tini"
  pm healthcheck run "$ctr" >/dev/null || fail "the HEALTHCHECK failed"
  pm stop -t 20 "$ctr" >/dev/null
  [ "$(pm inspect --format '{{.State.ExitCode}}' "$ctr")" = 0 ] || fail "the portal did not exit 0 on SIGTERM"
  pm logs "$ctr" 2>&1 | grep -q 'SIGTERM: finishing requests' || fail "the portal did not log its SIGTERM"
  pm rm -f -v "$ctr" >/dev/null
}

# Starts the portal in the background with these extra arguments, and waits until it is ready.
# No health-check timer (podman would ask systemd for one, and there is no systemd here): the
# HEALTHCHECK is run once by hand in check_and_stop.
start_portal() {
  pm run -d --name "$ctr" --network host --health-interval disable \
    -e HOST=127.0.0.1 -e PORT="$port" -e PUBLIC_URL="$origin" "$@" "$image" >/dev/null
  wait_ready
}

# 3. On PostgreSQL: migrations at start, then the demo shop added by the command, as the README says.
psql -h 127.0.0.1 -U postgres -d postgres -q -c "create database $db"
start_portal -e DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
say "ready on PostgreSQL"
seeded=$(pm exec "$ctr" npm run --silent seed:demo) || fail "npm run seed:demo failed: $seeded"
password=$(printf '%s\n' "$seeded" | sed -n 's/^ *Shopper: *alice@example\.com \/ \(.*\)$/\1/p')
[ -n "$password" ] || fail "npm run seed:demo printed no password for the demo shopper: $seeded"
sign_in "$password"
check_and_stop
say "PostgreSQL: the demo shopper signed in; stopped cleanly"

# 4. A pg_dump of it restored into a new database: the portal starts there and the same password works.
pg_dump -h 127.0.0.1 -U postgres --format=custom --file="$work/reprise.dump" "$db"
psql -h 127.0.0.1 -U postgres -d postgres -q -c "create database ${db}_restored"
pg_restore -h 127.0.0.1 -U postgres --no-owner -d "${db}_restored" "$work/reprise.dump"
start_portal -e DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}_restored"
sign_in "$password"
pm stop -t 20 "$ctr" >/dev/null && pm rm -f -v "$ctr" >/dev/null
say "restored from pg_dump: the demo shopper signed in"

# 5. On the embedded database in a named volume (first start: copied from the image's template, seeded).
pm volume create "$volume" >/dev/null
start_portal -v "$volume:/data"
say "ready on the embedded database"
sign_in reprise-demo
check_and_stop
say "embedded database: the demo shopper signed in; stopped cleanly"
say "passed"
