#!/usr/bin/env bash
# Container smoke test (run by .ci/run after `npm test`): builds the image from the Dockerfile with
# podman, then starts it twice, each time waiting for /readyz, signing in as the demo shopper and
# stopping it with SIGTERM:
#   1. against this machine's PostgreSQL (a throw-away database), the demo shop added by
#      `npm run seed:demo` run inside the container (its one-time password read from its output);
#   2. on a new database restored from a pg_dump of the first (README, "Back up and restore");
#   3. on the embedded database in a named volume, seeded with the public demo passwords on first start;
#   4. through compose.yaml itself, run by podman-compose with this image as the portal's and a
#      stand-in for the official postgres image (tests/container/postgres/): refused without
#      SHOP_SECRET; then PostgreSQL in its container and named volume, `seed:demo` through
#      `podman-compose exec`, the demo shopper signed in through the published port, `down -v`.
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
for tool in podman runc debootstrap curl podman-compose; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n' >"$work/containers.conf"
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
  if [ "${compose_up:-false}" = true ] && [ "$code" -ne 0 ]; then
    echo "--- compose logs (last 60 lines) ---" >&2
    pc logs 2>&1 | tail -n 60 >&2 || true
  fi
  pm rm -f -v -t 0 "$ctr" >/dev/null 2>&1 || true
  if [ "${compose_up:-false}" = true ]; then
    # With -v, the containers' anonymous volumes too (podman-compose 1.0.3's `down -v` leaves them).
    for c in $(pm ps -a -q --filter "label=io.podman.compose.project=$project" 2>/dev/null); do
      pm rm -f -v -t 0 "$c" >/dev/null 2>&1 || true
    done
    pc down -v >/dev/null 2>&1 || true
  fi
  # podman-compose 1.0.3's `down` leaves the project's network behind.
  [ -z "${project:-}" ] || pm network rm -f "${project}_default" >/dev/null 2>&1 || true
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

free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
port=$(free_port)
origin="http://127.0.0.1:$port"

# Waits until /readyz answers 200 (the container must keep running meanwhile).
# Under compose, the restart policy starts it again until its database answers: `wait_ready restarts`.
wait_ready() {
  for _ in $(seq 1 180); do
    [ "${1:-}" = restarts ] || [ "$(pm inspect --format '{{.State.Running}}' "$ctr")" = "true" ] ||
      fail "the container stopped before it was ready"
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

# Runs `npm run seed:demo` through the command given (podman exec or compose exec) and sets $password
# to the demo shopper's one-time password it prints.
seed_demo() {
  local seeded
  seeded=$("$@" npm run --silent seed:demo) || fail "npm run seed:demo failed: $seeded"
  password=$(printf '%s\n' "$seeded" | sed -n 's/^ *Shopper: *alice@example\.com \/ \(.*\)$/\1/p')
  [ -n "$password" ] || fail "npm run seed:demo printed no password for the demo shopper: $seeded"
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
seed_demo pm exec "$ctr"
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

# 6. compose.yaml itself, run by podman-compose (Debian's 1.0.3) from a copy of the file in a folder
#    of its own, beside the .env a user makes from .env.example. What podman-compose 1.0.3 leaves out
#    of compose.yaml: `depends_on: condition: service_healthy` (it only orders the starts: the portal
#    exits while its database does not answer yet, and the restart policy starts it again), refusing
#    an *empty* `${VAR:?}` (it refuses an unset one, which is checked), and the health checks' timers
#    (no systemd here: podman logs that it cannot make them). docs/decisions.md ("compose.yaml in CI").
pg_image="localhost/reprise-smoke-postgres:$(cat tests/container/postgres/* | sha256sum | cut -c1-12)"
if ! pm image exists "$pg_image"; then
  say "compose: building the postgres stand-in"
  if ! pm build --format docker --network host --build-arg "BASE_IMAGE=$base" -t "$pg_image" tests/container/postgres >"$work/pg-build.log" 2>&1; then
    tail -n 40 "$work/pg-build.log" >&2
    fail "podman build of the postgres stand-in"
  fi
fi
project="reprise-smoke-$run_id"
compose_dir="$work/compose"
mkdir "$compose_dir"
cp compose.yaml "$compose_dir/compose.yaml"
# podman-compose in that folder; the secrets come from its .env alone, never from this shell.
pc() { (cd "$compose_dir" && env -u SHOP_SECRET -u POSTGRES_PASSWORD podman-compose -p "$project" -f compose.yaml "$@"); }
compose_up=false

# Refused while SHOP_SECRET is unset, with compose.yaml's own message, and nothing started.
port=$(free_port)
origin="http://127.0.0.1:$port"
secret() { node -e "console.log(require('node:crypto').randomBytes($1).toString('hex'))"; }
sed -e "s/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=$(secret 24)/" -e "s/^REPRISE_PORT=.*/REPRISE_PORT=$port/" -e '/^SHOP_SECRET=/d' \
  .env.example >"$compose_dir/.env"
printf 'POSTGRES_IMAGE=%s\nREPRISE_IMAGE=%s\nPUBLIC_URL=%s\n' "$pg_image" "$image" "$origin" >>"$compose_dir/.env"
compose_up=true # from here on, cleanup runs `down -v` (should this start anything)
if pc up -d >"$work/compose-refused.log" 2>&1; then fail "compose started without SHOP_SECRET"; fi
grep -q 'set SHOP_SECRET in .env' "$work/compose-refused.log" || fail "compose refused, but not with compose.yaml's message: $(tail -n 5 "$work/compose-refused.log")"
[ -z "$(pm ps -a -q --filter "label=io.podman.compose.project=$project")" ] || fail "a container was made without SHOP_SECRET"
say "compose: refused without SHOP_SECRET"

# Up, as the README says: `.env` with both secrets, `up -d`, `exec reprise npm run seed:demo`.
echo "SHOP_SECRET=$(secret 32)" >>"$compose_dir/.env"
pc up -d >"$work/compose-up.log" 2>&1 || fail "podman-compose up: $(tail -n 20 "$work/compose-up.log")"
ctr="${project}_reprise_1"
wait_ready restarts
say "compose: ready on PostgreSQL in its container"
seed_demo pc exec -T reprise
sign_in "$password"
pm volume exists "${project}_postgres-data" || fail "no named volume ${project}_postgres-data"
# The image's own VOLUME /data, an anonymous volume that podman-compose 1.0.3's `down -v` leaves.
anonymous=$(pm inspect --format '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}' "$ctr")
pc down -v >"$work/compose-down.log" 2>&1 || fail "podman-compose down -v: $(tail -n 20 "$work/compose-down.log")"
compose_up=false
[ -z "$anonymous" ] || pm volume rm -f "$anonymous" >/dev/null
! pm volume exists "${project}_postgres-data" || fail "down -v left the volume ${project}_postgres-data"
say "compose: the demo shopper signed in; down -v removed the containers and the volume"
say "passed"
