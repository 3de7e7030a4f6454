import { createPrivateKey, sign } from 'node:crypto';
import { type GatehouseSystem, startSystem } from '@gatehouse/testing';
import { TestClient } from './support/test-client';

/**
 * Issue 8 §1 against the real system: every challenge check reaches auth from the gate's one
 * address. Auth must charge a wrong signature to the end client's address (which the gate passes
 * on), so one anonymous WebSocket client's flood never blocks anyone else's challenge login.
 */
describe('challenge login: one client cannot lock the others out', () => {
  const ATTACKERS = 4;
  const ATTEMPTS_EACH = 90;
  let system: GatehouseSystem;
  const clients: TestClient[] = [];
  const connect = async (localAddress?: string) => {
    const client = await TestClient.connect(system.gateUrl, {}, localAddress);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // auth's default failure limit per address (startSystem raises it for other suites).
    system = await startSystem({ name: 'challenge_flood', env: { auth: { AUTH_THROTTLE_IP_LIMIT: '300' } } });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await system?.stop();
  }, 60_000);

  const secretOf = async (client: TestClient) =>
    ((await client.call('auth.generateSecret'))['result'] as { secret: string }).secret;

  it(`${ATTACKERS * ATTEMPTS_EACH} wrong signatures from one address do not block another user's challenge login`, async () => {
    const wrong = Buffer.alloc(64, 7).toString('base64url');
    const flood = async () => {
      const attacker = await connect('127.0.0.2');
      const answers: number[] = [];
      for (let i = 0; i < ATTEMPTS_EACH; i++) {
        const secret = await secretOf(attacker);
        const answer = await attacker.call('auth.authorize', { user: 'alice', secret, sign: wrong });
        answers.push((answer['error'] as { code: number }).code);
      }
      return answers;
    };
    const answers = (await Promise.all(Array.from({ length: ATTACKERS }, flood))).flat();
    expect(answers.every((code) => code === 1103)).toBe(true);

    const key = createPrivateKey(system.demo.privateKeyPem);
    const alice = await connect('127.0.0.1');
    const secret = await secretOf(alice);
    const login = await alice.call('auth.authorize', {
      user: 'alice',
      secret,
      sign: sign(null, Buffer.from(secret, 'utf8'), key).toString('base64url'),
    });
    expect(login).toMatchObject({ result: { status: 'OK' } });
  });
});
