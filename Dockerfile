# One image for every Gatehouse app; the command picks the app (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Same fallback as .ci/run: npm 11.19 may call its own lockfile out of sync; install keeps the locked versions.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY tools tools
COPY libs libs
COPY apps apps
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; embedded PostgreSQL is not used here (DATABASE_URL is always set).
RUN (npm ci --omit=dev --omit=optional --no-audit --no-fund || npm install --omit=dev --omit=optional --no-audit --no-fund) \
  && npm cache clean --force
COPY --from=build /app/dist dist
USER node
CMD ["node", "--enable-source-maps", "dist/apps/auth/src/main.js"]
