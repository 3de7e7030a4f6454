# One image for every Gatehouse app; the command picks the app (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
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
# Production dependencies only; embedded PostgreSQL is not used here (DATABASE_URL is always set).
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
USER node
CMD ["node", "--enable-source-maps", "dist/apps/auth/src/main.js"]
