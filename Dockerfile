# One image for the three services; SERVICE chooses which one runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# V8 sizes its heap by the machine's memory and collects lazily below that: a SyncHostsNow of 20,000 hosts
# took the scheduler to 297 MB resident with about 45 MB of live data. A cap of 128 MB kept it at 169 MB
# (the writer at 145 MB), no slower (docs/benchmarks.md, "A heap cap"). Raise it in NODE_OPTIONS if a
# service ever stops with "heap out of memory". scripts/run.sh and the e2e tests use the same value.
ENV NODE_OPTIONS=--max-old-space-size=128
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
ENV SERVICE=scheduler
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
