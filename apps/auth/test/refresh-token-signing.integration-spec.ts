import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { signTokenSync } from '@gatehouse/protocol';
import { KeyRing, RefreshTokenKey } from '../src/keys';
import { refreshTokenHash } from '../src/oauth/refresh/refresh-token.hash';
import { RefreshTokenRepository } from '../src/oauth/refresh/refresh-token.repository';
import { ALICE, ROOT, SVC_B, WEB } from './support/fixtures';
import { basic, getJson, postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  ISSUER,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

const HOUR_MS = 3_600_000;

/** Refresh tokens are HS256 under auth's derived key; those signed by the key ring before still work. */
describe('refresh token signing (HS256) and the asymmetric ones issued before', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  const web = { authorization: basic(WEB.id, WEB.secret) };

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_refresh_signing');
    auth = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  const token = (params: Record<string, string>, headers = web) =>
    postForm(`${auth.url}/oauth/token`, params, headers);
  const login = async (user = ALICE) =>
    (await token({ grant_type: 'password', username: user.username, password: user.password })).body as {
      access_token: string;
      refresh_token: string;
    };
  const refresh = (refreshToken: string) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken });

  /** What the app issued before the switch: an ES256 refresh token of the key ring, its hash stored. */
  const legacyToken = async (expiresInSec = 3600): Promise<string> => {
    const signer = auth.app.get(KeyRing).signer();
    const familyId = randomUUID();
    const issued = signTokenSync(
      'legacy-refresh',
      { sub: ALICE.username, client_id: WEB.id, sid: familyId, scope: 'profile email' },
      { kid: signer.kid, alg: signer.alg, key: signer.privateKeyObject },
      { issuer: ISSUER, audience: ISSUER, expiresInSec },
    );
    await auth.app.get(RefreshTokenRepository).insert({
      hash: refreshTokenHash(issued),
      familyId,
      clientId: WEB.id,
      subject: ALICE.username,
      subjectType: 'user',
      scope: 'profile email',
      expiresAt: new Date(Date.now() + expiresInSec * 1000),
      familyExpiresAt: new Date(Date.now() + 24 * HOUR_MS),
    });
    return issued;
  };

  it('issues HS256 refresh tokens named by the derived key, and still ES256 access tokens', async () => {
    const { access_token, refresh_token } = await login();
    const kid = auth.app.get(RefreshTokenKey).kid;
    expect(decodeProtectedHeader(refresh_token)).toEqual({ alg: 'HS256', typ: 'rt+jwt', kid });
    expect(decodeProtectedHeader(access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const rotated = await refresh(refresh_token);
    expect(rotated.status).toBe(200);
    expect(decodeProtectedHeader(rotated.body['refresh_token'] as string)).toMatchObject({
      alg: 'HS256',
      kid,
    });
  });

  it('accepts an asymmetric refresh token issued before the switch once, rotating it into an HS256 one', async () => {
    const legacy = await legacyToken();
    expect(decodeProtectedHeader(legacy)).toMatchObject({ alg: 'ES256', typ: 'rt+jwt' });
    const introspected = await postForm(
      `${auth.url}/oauth/introspect`,
      { token: legacy, token_type_hint: 'refresh_token' },
      web,
    );
    expect(introspected.body).toMatchObject({ active: true, token_type: 'refresh_token', client_id: WEB.id });

    const rotated = await refresh(legacy);
    expect(rotated.status).toBe(200);
    const child = rotated.body['refresh_token'] as string;
    expect(decodeProtectedHeader(child)).toMatchObject({ alg: 'HS256', typ: 'rt+jwt' });
    expect(rotated.body['scope']).toBe('profile email');
    // Reuse of the legacy token is reuse like any other: the family, HS256 child included, ends.
    expect((await refresh(legacy)).body['error']).toBe('invalid_grant');
    expect((await refresh(child)).body['error']).toBe('invalid_grant');
  });

  it('refuses an expired legacy token, and one the database does not know', async () => {
    expect((await refresh(await legacyToken(-1))).body['error']).toBe('invalid_grant');
    const signer = auth.app.get(KeyRing).signer();
    const unknown = signTokenSync(
      'legacy-refresh',
      { sub: ALICE.username, client_id: WEB.id, sid: randomUUID() },
      { kid: signer.kid, alg: signer.alg, key: signer.privateKeyObject },
      { issuer: ISSUER, audience: ISSUER, expiresInSec: 3600 },
    );
    expect((await refresh(unknown)).body['error']).toBe('invalid_grant');
  });

  it('refuses an access token presented as a refresh token (invalid_grant)', async () => {
    const { access_token } = await login();
    const reply = await refresh(access_token);
    expect(reply.status).toBe(400);
    expect(reply.body['error']).toBe('invalid_grant');
  });

  it('refuses a refresh token, or an access token MACed with the refresh key, as an access token', async () => {
    const { refresh_token } = await login(ROOT);
    const asBearer = (t: string) =>
      getJson(`${auth.url}/admin/users/${ALICE.username}`, { authorization: `Bearer ${t}` });
    expect((await asBearer(refresh_token)).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const key = auth.app.get(RefreshTokenKey);
    const forged = await new SignJWT({
      iss: ISSUER,
      sub: ROOT.username,
      sub_type: 'user',
      aud: ISSUER,
      client_id: WEB.id,
      roles: ['admin'],
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
      .sign(key.key);
    expect((await asBearer(forged)).status).toBe(401);
    const svcB = { authorization: basic(SVC_B.id, SVC_B.secret) };
    const introspected = await postForm(`${auth.url}/oauth/introspect`, { token: forged }, svcB);
    expect(introspected.body).toEqual({ active: false });
  });

  it('keeps refresh tokens working across a restart: every replica derives the same key', async () => {
    const { refresh_token } = await login();
    await auth.close();
    auth = await startAuthApp(world.env);
    expect((await refresh(refresh_token)).status).toBe(200);
  });
});
