# syntax=docker/dockerfile:1
# Reprise in a container: `docker build -t reprise .` (or `podman build --format docker -t reprise .`).
# NODE_IMAGE is the base of every stage: the official Node.js 24 image unless a build passes another
# (tests/container/smoke.sh passes one made from Debian's packages, for machines that reach no
# image registry). It must be Debian-based (apt-get, useradd) with node and npm on PATH.
ARG NODE_IMAGE=node:24-bookworm-slim

# Production dependencies only: depends on package.json and the lockfile alone, so a change of code
# reuses it. npm's download cache is a build cache mount, shared with the next stage (which then
# fetches only the development packages) and with later builds.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Everything needed to build: the SPA (build/), the server bundle (dist/server/) and the migrated
# embedded-database template (node_modules/.cache/reprise/), which a new DATA_DIR is copied from.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The SPA's words are compiled before the build: left to the Vite plugin alone, the first build in a
# clean context once resolved `messages.js` before its `messages/_index.js` was written.
RUN npm run i18n && npx svelte-kit sync && npm run build
# The template's files are PostgreSQL's (mode 0600): readable by all, so the runtime's unprivileged
# user can copy them into a new DATA_DIR.
RUN chmod -R a+rX node_modules/.cache/reprise

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (which then finishes requests in flight and closes the
# database) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 reprise \
 && useradd --system --uid 10001 --gid reprise --create-home --home-dir /home/reprise reprise \
 && mkdir -p /data \
 && chown reprise:reprise /data
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.cache/reprise ./node_modules/.cache/reprise
COPY --from=build /app/dist ./dist
COPY --from=build /app/build ./build
# The sources the bundle still reads beside itself (migrations, the common-password list) and the
# command-line tools (`npm run seed:demo`, `npm run staff`, `npm run backup`…), which Node runs as .ts.
COPY package.json package-lock.json ./
COPY drizzle ./drizzle
COPY server ./server
COPY shared ./shared
USER reprise
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=8", "dist/server/main.js"]
