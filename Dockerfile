# claude-code-api: the HTTP API and the claude CLI it drives, in one image.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
# tini reaps zombies and forwards signals; procps gives tree-kill its `ps`; git and ripgrep serve Claude's tools.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini procps git ca-certificates ripgrep \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The CLI refuses bypassPermissions as root, and nothing here needs root.
RUN mkdir -p /workspaces /data/claude-config && chown -R node:node /workspaces /data
USER node
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3050 \
    WORKSPACE_ROOT=/workspaces \
    CLAUDE_CONFIG_DIR=/data/claude-config \
    DISABLE_AUTOUPDATER=1
# Workspaces and the CLI's transcripts (what --continue reads) survive a container restart.
VOLUME ["/workspaces", "/data"]
EXPOSE 3050
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3050)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
