export { loadConfig, parseConfig, ConfigError, type ParseConfigOptions } from './config/load-config';
export { withAliases, renamedVariable, secondsVariable, type EnvAlias } from './config/env-aliases';
export { StartupError } from './startup/startup-error';
export { runMain } from './startup/run-main';
export {
  envPort,
  envBoolean,
  envMs,
  envOptionalString,
  envDataDir,
  envTrustedProxies,
  envUrl,
  envList,
  envOrigins,
  envNodeEnv,
  productionRules,
  type ProductionRule,
} from './config/env-types';
export { createLogger, componentLogger, rootLogger, captureLogLines } from './logging/logger';
export { currentRequest, type RequestContext } from './logging/request-context';
export { PinoNestLogger } from './logging/pino-nest-logger';
export { MetricsService } from './metrics/metrics.service';
export { ProblemJsonFilter } from './errors/problem-json.filter';
export { DomainError, type DomainErrorOptions } from './errors/domain.error';
export { type ErrorTable } from './errors/error-table';
export { domainErrorFilter, failureAnswerer } from './errors/domain-error.filter';
export { type Failure, toFailure } from './errors/failure';
export {
  type ProblemBody,
  type OAuthErrorBody,
  type ErrorShape,
  problemBody,
  oauthBody,
  writeFailure,
} from './errors/write-failure';
export { RequestValidationError } from './errors/request-validation.error';
export { ZodBody, ZodValidationPipe, validatedBody } from './validation/zod-validation.pipe';
export { ApiProblems, problemSchema } from './docs/problem.openapi';
export { ApiZodBody, ApiZodResponse, openApiSchema } from './docs/zod-openapi';
export {
  startHttpApp,
  createHttpApp,
  configureHttpApp,
  type HttpAppOptions,
  type FastifyHttpAppOptions,
  type AnyHttpAppOptions,
  type CreateHttpAppExtras,
} from './http/start-http-app';
export { type DirectRoute } from './http/fastify-direct-routes';
export { type EarlyCheck } from './http/fastify-authenticate-first';
export { type HttpReply, replyStarted } from './http/http-reply';
export { clientAddress, trustedProxies, unmapIpv4, type TrustedProxies } from './http/client-address';
export { applyHttpTimeouts } from './http/http-timeouts';
export { PlatformModule } from './platform.module';
export { PLATFORM_LOGGER, PLATFORM_OPS, PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';
export { opsSettings, type OpsSettings } from './ops/ops-settings';
