# One image for every Gatehouse app; the command picks the app (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the lockfile, never a fallback: a lockfile npm ci refuses must fail the build.
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY tools tools
COPY libs libs
COPY apps apps
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, and no optional ones: the pinned Node runtime packages are for
# machines without Node 24, and embedded PostgreSQL is refused in production (DATABASE_URL).
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force && rm -rf /root/.npm
COPY --from=build /app/dist dist
COPY deploy/probe.sh /usr/local/bin/gatehouse-probe
# Not root; compose runs each app as a user of its own on top of this.
USER node
CMD ["node", "--enable-source-maps", "dist/apps/auth/src/main.js"]
