# claude-code-api: the HTTP API and the claude CLI it drives, in one image.
FROM node:22-slim AS build
# A C compiler for native/spawn-helper.c (the small process that starts CLIs so the server never forks
# itself) and native/gateway-bridge.c (the gateway bridge inside each sandbox).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs `prepare`, which builds the spawn helper, the bridge and the web console from console/ (it imports the typed client in client/).
COPY scripts/build-spawner.mjs ./scripts/build-spawner.mjs
COPY native/spawn-helper.c native/gateway-bridge.c ./native/
COPY console ./console
COPY client ./client
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
# tini reaps zombies and forwards signals; procps, git and ripgrep serve Claude's tools;
# bubblewrap is the per-session sandbox (README: Security model, for the `docker run` flags it needs); its
# gateway bridge is native/build/cca-bridge, so socat is not needed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini procps git ca-certificates ripgrep bubblewrap curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY --from=build /app/native/build ./native/build
COPY package.json ./
# Nothing here needs root: bubblewrap makes its sandboxes with user namespaces.
RUN mkdir -p /workspaces /data/claude-config /data/state && chown -R node:node /workspaces /data
USER node
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3050 \
    WORKSPACE_ROOT=/workspaces \
    CLAUDE_CONFIG_DIR=/data/claude-config \
    STATE_DIR=/data/state \
    SANDBOX=auto \
    SPAWN_HELPER=on \
    SANDBOX_BRIDGE=native \
    DISABLE_AUTOUPDATER=1
# Workspaces, session records and each session's private CLI config (transcripts: what --continue reads) survive a restart.
VOLUME ["/workspaces", "/data"]
EXPOSE 3050
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3050)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# The same node flags as `npm start` (4 MiB semi-spaces: ~20 MiB less resident; one idle-time GC, not three: ~5 ms less CPU per per-turn turn).
CMD ["node", "--max-semi-space-size=4", "--memory-reducer-single-gc", "--enable-source-maps", "dist/main.js"]
