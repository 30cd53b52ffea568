# leadflow: one image for both roles.
#   HTTP API:        node bin/leadflow.mjs server   (default CMD)
#   Temporal worker: node bin/leadflow.mjs worker
# TypeScript runs as is through tsx (a runtime dependency), so there is no build stage.
FROM node:20-bookworm-slim

# LEADFLOW_SKIP_TEMPORAL_INSTALL: the postinstall step would otherwise fetch the Temporal
# dev-server binaries through pip; containers talk to a real Temporal cluster instead.
ENV NODE_ENV=production \
    LEADFLOW_SKIP_TEMPORAL_INSTALL=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    JOURNEYS_DIR=/app/journeys \
    DATA_DIR=/app/data

WORKDIR /app

# Dependencies first so this layer is cached until the lockfile changes.
# scripts/ is needed because npm ci runs the postinstall script (which exits early here).
COPY package.json package-lock.json ./
COPY scripts/ ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# The source: bin, src, workflows, activities, connectors, journeys, tsconfig.json.
# COPY . . (filtered by .dockerignore) rather than one COPY per folder, so that a
# folder that does not exist yet (e.g. connectors/) does not break the build.
COPY . .

# Code stays root-owned (read-only for the app); only DATA_DIR is writable by `node`.
# A named volume mounted on /app/data starts with this ownership.
RUN mkdir -p /app/data && chown node:node /app/data

USER node

EXPOSE 3000

CMD ["node", "bin/leadflow.mjs", "server"]
