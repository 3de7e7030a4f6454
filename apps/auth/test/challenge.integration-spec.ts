import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { ALICE, ROOT, SVC_A, WEB } from './support/fixtures';
import { basic, postForm, postJson, postRaw } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

const signWith = (key: KeyObject, secret: string) => sign(null, Buffer.from(secret, 'utf8'), key);

describe('POST /challenge/verify (the gate asks whether a challenge signature is good)', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp;
  let admin: Record<string, string>;
  const gate = { authorization: basic(SVC_A.id, SVC_A.secret) };
  const alice = generateKeyPairSync('ed25519');
  const second = generateKeyPairSync('ed25519');
  const stranger = generateKeyPairSync('ed25519');
  const verify = (body: unknown, headers: Record<string, string> = gate) =>
    postJson(`${auth.url}/challenge/verify`, body, headers);

  beforeAll(async () => {
    env = await createAuthTestEnv('challenge');
    auth = await startAuthApp(env.env);
    const token = await postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'password', ...ROOT },
      { authorization: basic(WEB.id, WEB.secret) },
    );
    admin = { authorization: `Bearer ${String(token.body['access_token'])}` };
    const raw = alice.publicKey.export({ format: 'jwk' }).x!;
    const pem = second.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const publicKey of [raw, pem]) {
      expect(
        (await postJson(`${auth.url}/admin/users/${ALICE.username}/keys`, { publicKey }, admin)).status,
      ).toBe(201);
    }
  });

  afterAll(async () => {
    await auth?.close();
    await env?.dispose();
  });

  it('accepts a signature over the secret by a registered key, base64url or hex', async () => {
    const secret = 'gate-secret-1 ✓';
    const sig = signWith(alice.privateKey, secret);
    for (const encoded of [sig.toString('base64url'), sig.toString('hex')]) {
      const reply = await verify({ user: ALICE.username, secret, sign: encoded });
      expect(reply).toMatchObject({ status: 200, body: { user: ALICE.username, roles: ['user'] } });
    }
    const viaPem = await verify({
      user: ALICE.username,
      secret,
      sign: signWith(second.privateKey, secret).toString('base64url'),
    });
    expect(viaPem.status).toBe(200);
  });

  it('rejects a wrong key, a wrong secret and an unknown user alike (403 access_denied)', async () => {
    const secret = 'gate-secret-2';
    const cases = [
      { user: ALICE.username, secret, sign: signWith(stranger.privateKey, secret).toString('base64url') },
      {
        user: ALICE.username,
        secret: 'another-secret',
        sign: signWith(alice.privateKey, secret).toString('base64url'),
      },
      { user: 'nobody', secret, sign: signWith(alice.privateKey, secret).toString('base64url') },
      { user: ROOT.username, secret, sign: signWith(alice.privateKey, secret).toString('base64url') },
    ];
    for (const body of cases) {
      const reply = await verify(body);
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        code: 'access_denied',
        detail: 'challenge signature rejected',
      });
    }
  });

  it('rejects a disabled user, and accepts again once enabled', async () => {
    const secret = 'gate-secret-3';
    const body = { user: ALICE.username, secret, sign: signWith(alice.privateKey, secret).toString('hex') };
    expect((await postJson(`${auth.url}/admin/users/${ALICE.username}/disable`, {}, admin)).status).toBe(200);
    expect((await verify(body)).status).toBe(403);
    expect((await postJson(`${auth.url}/admin/users/${ALICE.username}/enable`, {}, admin)).status).toBe(200);
    expect((await verify(body)).status).toBe(200);
  });

  it('answers malformed input with 400 invalid_request (the gate maps it to 1102)', async () => {
    const secret = 'gate-secret-4';
    const good = signWith(alice.privateKey, secret);
    const malformed: unknown[] = [
      // Standard base64 ('+' and '/'): a random signature often has neither and is then valid
      // base64url, so these bytes are chosen to contain both.
      { user: ALICE.username, secret, sign: Buffer.alloc(64, 0xfb).toString('base64') },
      { user: ALICE.username, secret, sign: good.subarray(1).toString('hex') },
      { user: ALICE.username, secret, sign: 'not a signature' },
      { user: ALICE.username, secret },
      { user: '', secret, sign: good.toString('hex') },
      { user: ALICE.username, secret: 42, sign: good.toString('hex') },
      [],
    ];
    for (const body of malformed) {
      const reply = await verify(body);
      expect(reply.status).toBe(400);
      expect(reply.body['code']).toBe('invalid_request');
    }
    const notJson = await postRaw(`${auth.url}/challenge/verify`, '{"user":', 'application/json', gate);
    expect(notJson.status).toBe(400);
  });

  it('is only for authenticated clients (401 invalid_client)', async () => {
    const secret = 'gate-secret-5';
    const body = { user: ALICE.username, secret, sign: signWith(alice.privateKey, secret).toString('hex') };
    const callers: Record<string, string>[] = [
      {},
      { authorization: basic(SVC_A.id, 'wrong-secret') },
      { authorization: 'Bearer abc' },
    ];
    for (const headers of callers) {
      const reply = await verify(body, headers);
      expect(reply.status).toBe(401);
      expect(reply.body['code']).toBe('invalid_client');
    }
  });
});
