/**
 * What a token is for; each type has its own `typ`, so one type can never be replayed as another.
 * `legacy-refresh` is the one exception: the refresh tokens auth signed asymmetrically before it
 * switched to HS256, same `typ`, accepted only until the last of them expires.
 */
export type TokenType = 'access' | 'refresh' | 'legacy-refresh' | 'configuration' | 'service' | 'update';

export type AsymmetricAlg = 'ES256' | 'EdDSA';
export type TokenAlg = AsymmetricAlg | 'HS256';

export interface TokenProfile {
  /** `typ` header written when signing and required when verifying (RFC 8725 3.11). */
  readonly typ: string;
  /** Accept a token without `typ` (only where third-party clients sign). */
  readonly typOptional: boolean;
  readonly algorithms: readonly TokenAlg[];
  /** Claims that must be present before the schema even runs (jose `requiredClaims`). */
  readonly requiredClaims: readonly string[];
}

const asymmetric: readonly AsymmetricAlg[] = Object.freeze(['ES256', 'EdDSA'] as const);

/**
 * Pinned per type: the verifier only ever accepts these algorithms, which refuses `none` and the
 * HS256-with-a-public-key confusion before any key is touched.
 *
 * Two types are HS256. `refresh`: auth alone signs and checks it, with a MAC key it derives and
 * never publishes, so an asymmetric signature would buy nothing (auth also looks every refresh
 * token up by hash); a token signed by an asymmetric key is refused as a refresh token, and a
 * refresh token is refused where an asymmetric type is expected. `service`: the service signs it
 * with its own random key (PROTOCOL.md 1.2), and a client written from PROTOCOL.md alone may leave
 * `typ` out or write the generic `JWT`; a refresh token's `rt+jwt` is neither, so the two HS256
 * types never pass for each other, whatever key a verifier is given.
 */
export const TOKEN_PROFILES: Readonly<Record<TokenType, TokenProfile>> = Object.freeze({
  access: Object.freeze({
    typ: 'at+jwt',
    typOptional: false,
    algorithms: asymmetric,
    requiredClaims: Object.freeze(['iss', 'sub', 'aud', 'exp', 'iat', 'jti']),
  }),
  refresh: Object.freeze({
    typ: 'rt+jwt',
    typOptional: false,
    algorithms: Object.freeze(['HS256'] as const),
    requiredClaims: Object.freeze(['iss', 'sub', 'exp', 'iat', 'jti']),
  }),
  // Verify-only in auth; remove once no refresh token signed before the HS256 switch can be alive.
  'legacy-refresh': Object.freeze({
    typ: 'rt+jwt',
    typOptional: false,
    algorithms: asymmetric,
    requiredClaims: Object.freeze(['iss', 'sub', 'exp', 'iat', 'jti']),
  }),
  configuration: Object.freeze({
    typ: 'gatehouse-config+jwt',
    typOptional: false,
    algorithms: asymmetric,
    requiredClaims: Object.freeze(['iss', 'iat', 'jti']),
  }),
  update: Object.freeze({
    typ: 'gatehouse-update+jwt',
    typOptional: false,
    algorithms: asymmetric,
    requiredClaims: Object.freeze(['iss', 'aud', 'exp', 'iat', 'jti']),
  }),
  service: Object.freeze({
    typ: 'JWT',
    typOptional: true,
    algorithms: Object.freeze(['HS256'] as const),
    requiredClaims: Object.freeze([]),
  }),
});

/** RFC 8725 3.11 comparison, as jose does it: case-insensitive, `application/` prefix optional. */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
