# syntax=docker/dockerfile:1
#
# Pendopo: build once, run as the unprivileged `node` user.
#   docker build -t pendopo .
#   docker run -p 3000:3000 -v pendopo-data:/app/data pendopo      (embedded SQLite)
# or, with MariaDB, see docker-compose.yml.
#
# Not built on the development machines (they have no Docker engine); keep it correct by reading.

########## build: compile native modules and TypeScript ##########
FROM node:22-bookworm-slim AS build
WORKDIR /app

# better-sqlite3 (and argon2, when no prebuilt binary fits) compile with node-gyp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a source change does not reinstall them.
# `npm install`, not `npm ci`: the lockfile lacks some platform-optional packages.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

# tsc -p tsconfig.build.json compiles src/ and migrations/ into dist/src and dist/migrations.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev

########## runtime ##########
FROM node:22-bookworm-slim AS runtime
# MALLOC_ARENA_MAX=2: two glibc malloc arenas keep sharp's image buffers from piling up in RSS
# (measured with npm run soak: see README, Operations).
ENV NODE_ENV=production \
    PORT=3000 \
    MALLOC_ARENA_MAX=2
WORKDIR /app

# Code and dependencies stay owned by root (read-only to the app); only state is writable.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
RUN mkdir -p /app/data /app/uploads \
 && chown node:node /app/data /app/uploads

USER node
# Mount volumes on /app/data (SQLite, the default when DATABASE_URL is unset) and /app/uploads.
EXPOSE 3000

# No curl in the slim image: Node 22's fetch does the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Migrations run at start (MIGRATE_ON_START=true). SIGTERM closes the server and the database.
# A bounded JS heap: V8 otherwise lets garbage pile up to a large fraction of the machine before
# collecting it (npm run soak measures the whole process; see README, Operations).
CMD ["node", "--max-old-space-size=160", "dist/src/main.js"]
