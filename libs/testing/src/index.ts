export { freePort } from './free-port';
export {
  startAppInProcess,
  type AppHttpOptions,
  type InProcessApp,
  type InProcessOptions,
} from './in-process-app';
export { startAppProcess, type AppProcess, type AppProcessOptions, type AppName } from './app-process';
export { startGateProcess, type GateProcess } from './gate-process';
export { TestAuthority, TEST_AUTHORITY_AUDIENCE, TEST_AUTHORITY_ISSUER } from './test-authority';
export { jsonRpcSpecExamples, sortJsonRpcAnswers, type SpecExample } from './json-rpc-spec-examples';
export {
  composeEnvironment,
  composeService,
  imageEnvironment,
  readComposeServices,
  type ComposeService,
} from './compose-file';
export { repositoryRoot } from './repository-root';
export { spawnNode, untilReady, type NodeProcess } from './node-process';
export { openRpcProblems } from './openrpc-validator';
export {
  bodyFields,
  fetchOpenApiDocument,
  responseFields,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiSchema,
} from './openapi-document';
export { launchBrowser, artifactPath, CHROMIUM_PATH, type LaunchedBrowser } from './browser';
export { startLocalSystem, type LocalSystem } from './local-system';
export {
  startSystem,
  demoUserToken,
  type GatehouseSystem,
  type SystemApp,
  type ReplicatedApp,
  type SystemDemo,
  type SystemOptions,
} from './system-processes';
export { RawService, post, type UpdateView, type ConfirmMode } from './raw-service';
export { startRestartablePostgres, type RestartablePostgres } from './restartable-postgres';
export { recordingHost, type RecordedReply } from './recorded-reply';
export { rawHttpExchange } from './raw-http';
export { sleep, until } from './until';
export { createTestDatabase, type TestDatabase } from './test-database';
export { TEST_SERVER_ENV } from './test-server-env';
