// Public API of @gatehouse/protocol: the wire contract shared by every app and by users' services.

// JSON-RPC 2.0
export type {
  JsonRpcId,
  JsonRpcParams,
  JsonRpcRequest,
  JsonRpcNotification,
  JsonRpcErrorObject,
  JsonRpcSuccess,
  JsonRpcFailure,
  JsonRpcResponse,
} from './jsonrpc/json-rpc.types';
export {
  JsonRpcErrorCode,
  JSON_RPC_ERROR_MESSAGES,
  isKnownJsonRpcErrorCode,
  jsonRpcError,
} from './jsonrpc/json-rpc-error-code';
export { JsonRpcException } from './jsonrpc/json-rpc.exception';
export { GATE_LINK_SUBPROTOCOL } from './jsonrpc/gate-link';
export { jsonRpcSuccess, jsonRpcFailure } from './jsonrpc/json-rpc-response.factory';
export {
  jsonRpcIdSchema,
  jsonRpcParamsSchema,
  jsonRpcRequestSchema,
  jsonRpcErrorObjectSchema,
  jsonRpcSuccessSchema,
  jsonRpcFailureSchema,
  jsonRpcResponseSchema,
  isJsonRpcNotification,
  type JsonRpcRequestInput,
} from './jsonrpc/json-rpc.schema';

// Message schemas
export {
  SERVICE_NAME_PATTERN,
  serviceNameSchema,
  MAX_URL_LENGTH,
  httpUrlSchema,
  MAX_TOKEN_LENGTH,
  compactJwtSchema,
  ipAddressSchema,
  numericDateSchema,
} from './schemas/common.schema';
export {
  configurationTokenClaimsSchema,
  type ConfigurationTokenClaims,
} from './schemas/configuration-token.schema';
export { serviceTokenClaimsSchema, type ServiceTokenClaims } from './schemas/service-token.schema';
export {
  serviceSignatureSchema,
  registerBodySchema,
  deregisterBodySchema,
  type RegisterBody,
  type DeregisterBody,
} from './schemas/register-body.schema';
export {
  confirmRequestSchema,
  confirmResponseSchema,
  pingRequestSchema,
  pingResponseSchema,
  type ConfirmRequest,
  type ConfirmResponse,
  type PingRequest,
  type PingResponse,
} from './schemas/gate-host.schema';
export {
  pairTokenSchema,
  permissionEntrySchema,
  updateMessageSchema,
  type PermissionEntry,
  type UpdateMessage,
} from './schemas/update-message.schema';
export {
  accessTokenClaimsSchema,
  refreshTokenClaimsSchema,
  parseScope,
  type AccessTokenClaims,
  type RefreshTokenClaims,
} from './schemas/access-token.schema';
export { updateTokenClaimsSchema, type UpdateTokenClaims } from './schemas/update-token.schema';
export {
  gateEnvelopeSchema,
  offlineParamsSchema,
  transferParamsSchema,
  type GateEnvelope,
  type OfflineParams,
  type TransferParams,
} from './schemas/gate-envelope.schema';
export { revocationSnapshotSchema, type RevocationSnapshot } from './schemas/revocation.schema';
export {
  RevocationList,
  httpRevocationSource,
  DEFAULT_REVOCATION_POLL_MS,
  type RevocableClaims,
  type RevocationCheck,
  type RevocationListOptions,
  type RevocationSource,
  type HttpRevocationSourceOptions,
} from './revocation/revocation-list';
export {
  challengeCheckRequestSchema,
  challengeCheckResponseSchema,
  type ChallengeCheckRequest,
  type ChallengeCheckResponse,
} from './schemas/challenge.schema';
export {
  OAUTH_ERROR_CODES,
  oauthErrorBodySchema,
  tokenResponseSchema,
  type OAuthErrorCode,
  type OAuthErrorBody,
  type TokenResponse,
} from './schemas/oauth.schema';

// JWT layer
export {
  TOKEN_PROFILES,
  normalizeTyp,
  type TokenType,
  type TokenProfile,
  type TokenAlg,
  type AsymmetricAlg,
} from './jwt/token-profiles';
export { TOKEN_CLAIMS_SCHEMAS, type TokenClaimsByType } from './jwt/token-claims';
export { TokenError, isTokenError, type TokenErrorCode } from './jwt/token-error';
export { serviceTokenKey, type KeyInput, type KeyMaterial, type SigningKey } from './jwt/key-input';
export {
  signToken,
  signTokenSync,
  signTokenThreaded,
  type NodeSigningKey,
  type SignOptions,
} from './jwt/sign-token';
export {
  verifyToken,
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_MAX_TOKEN_BYTES,
  type VerifyOptions,
  type VerifiedToken,
} from './jwt/verify-token';
export { verifyTokenNative } from './jwt/verify-token-native';
export { createJwksClient, JWKS_DEFAULTS, type JwksClientOptions } from './jwt/jwks-client';
export { generateSigningKeyPair, exportPublicJwk, type SigningKeyPair } from './jwt/signing-keys';
export { md5Hex, sha256Hex, timingSafeEqualString } from './jwt/digest';

// Nest guards
export { takeToken, type Bucket } from './guards/token-bucket';
export {
  AccessTokenVerifier,
  ACCESS_TOKEN_VERIFIER,
  type ProtocolAuthOptions,
} from './guards/access-token.verifier';
export { ProtocolAuthModule, type ProtocolAuthAsyncOptions } from './guards/protocol-auth.module';
export { AccessTokenGuard } from './guards/access-token.guard';
export { Authenticated } from './guards/authenticated.decorator';
export { RequireRoles } from './guards/require-roles.decorator';
export { RequireScopes } from './guards/require-scopes.decorator';
export { CurrentAuth } from './guards/current-auth.decorator';
export { OAuthHttpException, bearerChallenge, type BearerErrorBody } from './guards/oauth-http.exception';
export { OAuthExceptionFilter } from './guards/oauth-exception.filter';
export { REQUIRED_ROLES_KEY, REQUIRED_SCOPES_KEY, type AuthenticatedRequest } from './guards/auth-metadata';

// OpenRPC: how a JSON-RPC server describes its methods (`rpc.discover`)
export type {
  JsonSchema,
  OpenRpcContentDescriptor,
  OpenRpcDocument,
  OpenRpcError,
  OpenRpcMethod,
} from './openrpc/openrpc.types';
export {
  describeMethod,
  jsonSchemaOf,
  type NotificationDescription,
  type RpcMethodDescription,
} from './openrpc/describe-method';
export {
  OPENRPC_VERSION,
  RPC_DISCOVER,
  describedMethods,
  mergeMethods,
  methodsOf,
  openRpcDocument,
} from './openrpc/openrpc-document';
