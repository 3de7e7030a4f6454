import { accessTokenClaimsSchema, parseScope, refreshTokenClaimsSchema } from './access-token.schema';
import { challengeCheckRequestSchema, challengeCheckResponseSchema } from './challenge.schema';
import { httpUrlSchema, serviceNameSchema } from './common.schema';
import { configurationTokenClaimsSchema } from './configuration-token.schema';
import { gateEnvelopeSchema, offlineParamsSchema, transferParamsSchema } from './gate-envelope.schema';
import {
  confirmRequestSchema,
  confirmResponseSchema,
  pingRequestSchema,
  pingResponseSchema,
} from './gate-host.schema';
import { oauthErrorBodySchema, tokenResponseSchema } from './oauth.schema';
import { deregisterBodySchema, registerBodySchema } from './register-body.schema';
import { serviceTokenClaimsSchema } from './service-token.schema';
import { updateMessageSchema } from './update-message.schema';
import { updateTokenClaimsSchema } from './update-token.schema';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): boolean =>
  schema.safeParse(value).success;
const KEY = 'k'.repeat(43);

describe('common schemas', () => {
  it('accepts DNS-label-like service names only', () => {
    expect(['geo', 'a', 'auth-v2', `a${'b'.repeat(62)}`].every((n) => ok(serviceNameSchema, n))).toBe(true);
    expect(
      ['', 'Geo', '1geo', '-geo', 'ge_o', `a${'b'.repeat(63)}`].some((n) => ok(serviceNameSchema, n)),
    ).toBe(false);
  });

  it('accepts absolute http(s) URLs up to 2048 chars', () => {
    expect(ok(httpUrlSchema, 'http://geo:3000')).toBe(true);
    expect(ok(httpUrlSchema, 'https://geo.example/discovery?x=1')).toBe(true);
    for (const bad of [
      'ftp://geo',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'geo:3000',
      '/relative',
      `http://a/${'x'.repeat(2048)}`,
    ]) {
      expect(ok(httpUrlSchema, bad)).toBe(false);
    }
  });
});

describe('discovery schemas', () => {
  const config = {
    name: 'geo',
    provider_host: 'http://provider:7000',
    permissions: ['auth', 'facade'],
    iss: 'provider',
    iat: 1,
    jti: 'j',
  };

  it('validates configuration token claims', () => {
    expect(ok(configurationTokenClaimsSchema, config)).toBe(true);
    expect(ok(configurationTokenClaimsSchema, { ...config, exp: 10 })).toBe(true);
    expect(ok(configurationTokenClaimsSchema, { ...config, permissions: ['Auth'] })).toBe(false);
    expect(ok(configurationTokenClaimsSchema, { ...config, provider_host: 'gopher://p' })).toBe(false);
    expect(ok(configurationTokenClaimsSchema, { ...config, jti: undefined })).toBe(false);
  });

  it('validates service token claims', () => {
    const claims = {
      host: 'http://geo:3000',
      gate_host: 'http://geo:3001/discovery',
      configuration_token: 'a.b.c',
    };
    expect(ok(serviceTokenClaimsSchema, claims)).toBe(true);
    expect(ok(serviceTokenClaimsSchema, { ...claims, gate_host: 'file:///x' })).toBe(false);
    expect(ok(serviceTokenClaimsSchema, { ...claims, configuration_token: '' })).toBe(false);
  });

  it('requires a 256-bit signature in register and deregister bodies', () => {
    for (const schema of [registerBodySchema, deregisterBodySchema]) {
      expect(ok(schema, { token: 'a.b.c', signature: KEY })).toBe(true);
      expect(ok(schema, { token: 'a.b.c', signature: 'f'.repeat(64) })).toBe(true);
      expect(ok(schema, { token: 'a.b.c', signature: 'k'.repeat(42) })).toBe(false);
      expect(ok(schema, { token: 'a.b.c', signature: `${'k'.repeat(43)}=` })).toBe(false);
      expect(ok(schema, { token: 'a.b.c', signature: 'k'.repeat(513) })).toBe(false);
      expect(ok(schema, { token: 'x'.repeat(8193), signature: KEY })).toBe(false);
    }
  });

  it('validates confirm and ping messages', () => {
    expect(ok(confirmRequestSchema, { hashed_signature: 'a'.repeat(32), method: 'confirm' })).toBe(true);
    expect(ok(confirmRequestSchema, { hashed_signature: 'A'.repeat(32), method: 'confirm' })).toBe(false);
    expect(ok(confirmRequestSchema, { hashed_signature: 'a'.repeat(32), method: 'ping' })).toBe(false);
    expect(ok(confirmResponseSchema, { signature: KEY })).toBe(true);
    expect(ok(pingRequestSchema, { method: 'ping' })).toBe(true);
    expect(pingResponseSchema.parse({ status: 'ok', version: '1' })).toEqual({ status: 'ok', version: '1' });
    expect(ok(pingResponseSchema, { status: 'down' })).toBe(false);
  });

  it('validates update messages and keeps additive fields', () => {
    const update = {
      method: 'update',
      permissions: { auth: { host: 'http://auth:7100', token: 't1' } },
      allows: { t2: '10.0.0.7', t3: '::ffff:10.0.0.8' },
      revision: 3,
      hosts: { auth: ['http://auth:7100', 'http://auth-2:7100'] },
      future: true,
    };
    expect(updateMessageSchema.parse(update)).toEqual(update);
    expect(ok(updateMessageSchema, { ...update, revision: -1 })).toBe(false);
    expect(ok(updateMessageSchema, { ...update, revision: 1.5 })).toBe(false);
    expect(ok(updateMessageSchema, { ...update, allows: { t: 'not-an-ip' } })).toBe(false);
    expect(
      ok(updateMessageSchema, { ...update, permissions: { Bad: { host: 'http://x', token: 't' } } }),
    ).toBe(false);
  });

  it('validates update token claims', () => {
    const claims = { iss: 'provider', iat: 1, exp: 2, jti: 'j', aud: 'instance-1', sha256: 'a'.repeat(64) };
    expect(ok(updateTokenClaimsSchema, claims)).toBe(true);
    expect(ok(updateTokenClaimsSchema, { ...claims, sha256: 'xyz' })).toBe(false);
  });
});

describe('auth schemas', () => {
  const access = {
    iss: 'a',
    sub: 's',
    aud: ['gate', 'x'],
    exp: 2,
    iat: 1,
    jti: 'j',
    client_id: 'c',
    scope: 'a b',
    roles: ['user'],
  };

  it('validates access and refresh token claims', () => {
    expect(ok(accessTokenClaimsSchema, access)).toBe(true);
    expect(ok(accessTokenClaimsSchema, { ...access, aud: [] })).toBe(false);
    expect(ok(accessTokenClaimsSchema, { ...access, roles: 'user' })).toBe(false);
    expect(ok(accessTokenClaimsSchema, { ...access, exp: 'soon' })).toBe(false);
    const refresh = { iss: 'a', sub: 's', exp: 2, iat: 1, jti: 'j', client_id: 'c', sid: 'family' };
    expect(ok(refreshTokenClaimsSchema, refresh)).toBe(true);
    expect(ok(refreshTokenClaimsSchema, { ...refresh, sid: undefined })).toBe(false);
  });

  it('splits scopes on spaces', () => {
    expect(parseScope('a  b c')).toEqual(['a', 'b', 'c']);
    expect(parseScope(undefined)).toEqual([]);
  });

  it('validates OAuth bodies', () => {
    expect(ok(oauthErrorBodySchema, { error: 'invalid_grant', error_description: 'x' })).toBe(true);
    expect(ok(oauthErrorBodySchema, { error: 'nope' })).toBe(false);
    expect(
      ok(tokenResponseSchema, {
        access_token: 'a',
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: 'r',
      }),
    ).toBe(true);
    expect(ok(tokenResponseSchema, { access_token: 'a', token_type: 'mac', expires_in: 300 })).toBe(false);
  });

  it('validates challenge check messages', () => {
    expect(ok(challengeCheckRequestSchema, { user: 'alice', secret: 's', sign: 'sig' })).toBe(true);
    expect(ok(challengeCheckRequestSchema, { user: 'alice', secret: 's' })).toBe(false);
    expect(ok(challengeCheckResponseSchema, { user: 'alice', roles: ['user'] })).toBe(true);
  });
});

describe('gate schemas', () => {
  it('validates the facade envelope with PROTOCOL.md 3.1 field names', () => {
    const envelope = {
      _frontendGate: true,
      auth: { user: 'alice', roles: ['user'] },
      routing: { requestId: 17, channelId: 'c1' },
      meta: { clientRequestIp: '203.0.113.9' },
      params: { q: 1 },
    };
    expect(gateEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(ok(gateEnvelopeSchema, { ...envelope, auth: { user: null, roles: [] } })).toBe(true);
    expect(ok(gateEnvelopeSchema, { ...envelope, _frontendGate: false })).toBe(false);
    expect(ok(gateEnvelopeSchema, { ...envelope, routing: { requestId: 1 } })).toBe(false);
    expect(ok(offlineParamsSchema, { channelId: 'c', user: null })).toBe(true);
  });

  it('requires exactly one of result and error in transfer', () => {
    const base = { channelId: 'c', method: 'news' };
    expect(ok(transferParamsSchema, { ...base, result: { a: 1 } })).toBe(true);
    expect(ok(transferParamsSchema, { ...base, result: null })).toBe(true);
    expect(ok(transferParamsSchema, { ...base, error: { code: 1, message: 'x' } })).toBe(true);
    expect(ok(transferParamsSchema, base)).toBe(false);
    expect(ok(transferParamsSchema, { ...base, result: 1, error: { code: 1, message: 'x' } })).toBe(false);
    expect(ok(transferParamsSchema, { ...base, error: { code: 'x', message: 'x' } })).toBe(false);
  });
});
