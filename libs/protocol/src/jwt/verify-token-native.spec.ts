import { base64url, SignJWT, type JWTPayload } from 'jose';
import { serviceTokenKey } from './key-input';
import { createTestIssuer, localJwks, nowSec, type TestIssuer } from './test-keys.fixture';
import { TokenError } from './token-error';
import type { TokenType } from './token-profiles';
import { verifyToken, type VerifyOptions } from './verify-token';
import { verifyTokenNative } from './verify-token-native';

// Every case runs through both verifiers: the native one must accept what jose accepts and refuse
// the rest with the very same code, or the provider's answers would change with the swap.
const ISS = 'https://provider.example';
const SECRET = 'a-service-key-of-some-length-000';

let issuer: TestIssuer;
let edIssuer: TestIssuer;
let stranger: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer('k1');
  edIssuer = await createTestIssuer('k3', 'EdDSA');
  stranger = await createTestIssuer('k2');
});

const configClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: ISS,
  iat: nowSec(),
  jti: '0b7c1a52-0a43-4d7e-9f0b-7c9d2b0e5f11',
  name: 'orders',
  provider_host: 'https://provider.example',
  permissions: ['billing'],
  ...overrides,
});

const configToken = (
  payload = configClaims(),
  header: Record<string, unknown> = {},
  by: TestIssuer = issuer,
): Promise<string> =>
  new SignJWT(payload)
    .setProtectedHeader({
      alg: by === edIssuer ? 'EdDSA' : 'ES256',
      typ: 'gatehouse-config+jwt',
      kid: by.kid,
      ...header,
    })
    .sign(by.privateKey);

const serviceToken = (payload: JWTPayload, header: Record<string, unknown> = {}, secret = SECRET) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(serviceTokenKey(secret));

const encode = (value: unknown): string => base64url.encode(JSON.stringify(value));

async function outcome(
  verify: typeof verifyToken,
  type: TokenType,
  token: string,
  options: VerifyOptions,
): Promise<string> {
  const keys = type === 'service' ? serviceTokenKey(SECRET) : localJwks(issuer, edIssuer);
  try {
    const { claims } = await verify(type, token, keys, options);
    return `ok ${JSON.stringify(claims)}`;
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    return error.code;
  }
}

const config = { issuer: ISS };
const serviceClaims = () => ({
  host: 'http://127.0.0.1:1/svc',
  gate_host: 'http://127.0.0.1:1/gate',
  configuration_token: 'x.y.z',
});

const cases: [string, TokenType, () => Promise<string>, string, VerifyOptions?][] = [
  ['a valid ES256 configuration token', 'configuration', () => configToken(), 'ok'],
  [
    'a valid EdDSA configuration token',
    'configuration',
    () => configToken(configClaims(), {}, edIssuer),
    'ok',
  ],
  ['a valid HS256 service token', 'service', () => serviceToken({ ...serviceClaims(), iat: nowSec() }), 'ok'],
  ['a service token without typ', 'service', () => serviceToken(serviceClaims(), { typ: undefined }), 'ok'],
  [
    'HS256 where ES256 is pinned (the public-key confusion)',
    'configuration',
    async () =>
      new SignJWT(configClaims())
        .setProtectedHeader({ alg: 'HS256', typ: 'gatehouse-config+jwt', kid: 'k1' })
        .sign(serviceTokenKey(SECRET)),
    'alg_not_allowed',
  ],
  [
    'ES256 where HS256 is pinned',
    'service',
    async () =>
      new SignJWT(serviceClaims()).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(issuer.privateKey),
    'alg_not_allowed',
  ],
  [
    'alg none',
    'configuration',
    async () => `${encode({ alg: 'none', typ: 'gatehouse-config+jwt' })}.${encode(configClaims())}.`,
    'alg_not_allowed',
  ],
  [
    'an access token offered as a configuration token (typ)',
    'configuration',
    () => configToken(configClaims(), { typ: 'at+jwt' }),
    'typ_mismatch',
  ],
  [
    'a configuration token without typ',
    'configuration',
    () => configToken(configClaims(), { typ: undefined }),
    'typ_mismatch',
  ],
  [
    'a service token typed as something else',
    'service',
    () => serviceToken(serviceClaims(), { typ: 'at+jwt' }),
    'typ_mismatch',
  ],
  ['a key that is not ours', 'configuration', () => configToken(configClaims(), {}, stranger), 'kid_unknown'],
  [
    'our kid on a stranger’s signature',
    'configuration',
    async () => {
      const forged = await configToken(configClaims(), {}, stranger);
      return forged.replace(/^[^.]+/, encode({ alg: 'ES256', typ: 'gatehouse-config+jwt', kid: 'k1' }));
    },
    'signature_invalid',
  ],
  [
    'a service token signed with another key',
    'service',
    () => serviceToken(serviceClaims(), {}, 'other'),
    'signature_invalid',
  ],
  [
    'a payload changed after signing',
    'configuration',
    async () => {
      const [h, , s] = (await configToken()).split('.');
      return `${h}.${encode(configClaims({ permissions: ['everything'] }))}.${s}`;
    },
    'signature_invalid',
  ],
  [
    'another issuer',
    'configuration',
    () => configToken(configClaims({ iss: 'https://evil' })),
    'iss_mismatch',
  ],
  ['no issuer', 'configuration', () => configToken(configClaims({ iss: undefined })), 'claims_invalid'],
  ['expired', 'configuration', () => configToken(configClaims({ exp: nowSec() - 60 })), 'token_expired'],
  [
    'not yet valid',
    'configuration',
    () => configToken(configClaims({ nbf: nowSec() + 60 })),
    'token_not_yet_valid',
  ],
  [
    'iat not a number',
    'configuration',
    () => configToken(configClaims({ iat: 'now' as never })),
    'claims_invalid',
  ],
  ['no jti', 'configuration', () => configToken(configClaims({ jti: undefined })), 'claims_invalid'],
  [
    'claims failing the schema',
    'configuration',
    () => configToken(configClaims({ permissions: 'all' as never })),
    'claims_invalid',
  ],
  [
    'a critical header extension',
    'configuration',
    async () =>
      (await configToken()).replace(
        /^[^.]+/,
        encode({ alg: 'ES256', typ: 'gatehouse-config+jwt', kid: 'k1', crit: ['x'], x: 1 }),
      ),
    'signature_invalid',
  ],
  ['two segments', 'configuration', async () => 'abc.def', 'token_malformed'],
  [
    'a header that is not JSON',
    'configuration',
    async () => `${base64url.encode('{')}.${encode({})}.sig`,
    'token_malformed',
  ],
  [
    'a payload that is an array',
    'configuration',
    async () => `${encode({ alg: 'ES256' })}.${encode([1])}.sig`,
    'token_malformed',
  ],
  ['too large', 'configuration', async () => `${'a'.repeat(9000)}.b.c`, 'token_too_large'],
  [
    'a service token older than its max age',
    'service',
    () => serviceToken({ ...serviceClaims(), iat: nowSec() - 600 }),
    'token_expired',
    { maxAgeSec: 60 },
  ],
];

describe('verifyTokenNative', () => {
  // Rest parameters: jest reads a callback with more parameters than the row has as `done`-style.
  it.each(cases)('%s: same verdict as jose', async (...[, type, make, expected, options]) => {
    const token = await make();
    const opts = options ?? (type === 'service' ? {} : config);
    const native = await outcome(verifyTokenNative, type, token, opts);
    const jose = await outcome(verifyToken, type, token, opts);
    expect(native).toBe(jose);
    if (expected === 'ok') expect(native.startsWith('ok ')).toBe(true);
    else expect(native).toBe(expected);
  });

  it('calls an unreachable key source keys_unavailable, as verifyToken does', async () => {
    const failing = () => Promise.reject(new Error('connect ECONNREFUSED'));
    await expect(
      verifyTokenNative('configuration', await configToken(), failing, config),
    ).rejects.toMatchObject({
      code: 'keys_unavailable',
    });
  });
});
