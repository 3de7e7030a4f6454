import { createPrivateKey, sign } from 'node:crypto';
import { demoUserToken, type GatehouseSystem, startSystem, until } from '@gatehouse/testing';
import { TestClient } from './support/test-client';

/**
 * Issue 8 §3 against the real system: disabling a user at auth reaches the gate through auth's
 * revocation feed (GATE_REVOCATION_POLL_MS), for logins by token and by challenge alike; a
 * client's token never logs in as a user.
 */
describe('gate: revocation and disabling take effect on live connections', () => {
  let system: GatehouseSystem;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(system.gateUrl);
    clients.push(client);
    return client;
  };
  const admin = async (path: string) => {
    const res = await fetch(`${system.auth.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.adminToken()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    system = await startSystem({
      name: 'gate_revocation',
      env: { gate: { GATE_REVOCATION_POLL_MS: '200' }, provider: { DISCOVERY_REVOCATION_POLL_MS: '200' } },
    });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await system?.stop();
  }, 60_000);

  it("a client's access token is refused as a user", async () => {
    const client = await connect();
    const answer = await client.call('auth.authorize', { token: await system.adminToken() });
    expect(answer['error']).toMatchObject({ code: 1103, data: { reason: "token is not a user's" } });
  });

  it("a disabled user's token and challenge connections lose their authorization", async () => {
    const token = await demoUserToken(system);
    const byToken = await connect();
    expect((await byToken.call('auth.authorize', { token }))['result']).toEqual({ status: 'OK' });
    const byChallenge = await connect();
    const secret = ((await byChallenge.call('auth.generateSecret'))['result'] as { secret: string }).secret;
    const signature = sign(
      null,
      Buffer.from(secret, 'utf8'),
      createPrivateKey(system.demo.privateKeyPem),
    ).toString('base64url');
    expect(
      (await byChallenge.call('auth.authorize', { user: 'alice', secret, sign: signature }))['result'],
    ).toEqual({ status: 'OK' });

    await admin('/admin/users/alice/disable');
    for (const client of [byToken, byChallenge]) {
      expect(await client.notification('auth.expired', 10_000)).toMatchObject({
        params: { user: 'alice', reason: 'authorization revoked' },
      });
      expect((await client.call('whoami'))['error']).toMatchObject({ code: 1101 });
    }
    // The token itself is refused from now on, on any connection.
    expect((await (await connect()).call('auth.authorize', { token }))['error']).toMatchObject({
      code: 1103,
      data: { reason: 'token is revoked' },
    });
    await admin('/admin/users/alice/enable');
  });

  // Last: it disables the operator, whose tokens the suite needs for everything above.
  it("the provider's admin API refuses the token of a client disabled at auth", async () => {
    const token = await system.adminToken();
    const explorer = () =>
      fetch(`${system.provider.url}/explorer/services`, { headers: { authorization: `Bearer ${token}` } });
    expect((await explorer()).status).toBe(200);
    const res = await fetch(`${system.auth.url}/admin/clients/operator/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const status = await until(
      async () => {
        const { status } = await explorer();
        return status === 200 ? undefined : status;
      },
      'the revoked token to be refused',
      15_000,
    );
    expect(status).toBe(401);
  });
});
