import { createPrivateKey, sign } from 'node:crypto';
import { type LocalSystem, startLocalSystem } from '@gatehouse/testing';
import WebSocket from 'ws';

/**
 * The whole system as `npm start` runs it: auth, discovery provider, facade and gate as real
 * processes on a real PostgreSQL, wired through discovery. A real WebSocket client signs the
 * challenge, calls the facade through the gate and receives the facade's pushes.
 */
interface Message {
  id?: number;
  method?: string;
  params?: { secret?: string; result?: unknown };
  result?: unknown;
  error?: { code: number };
}

describe('npm start: the whole system end to end', () => {
  let system: LocalSystem;
  // The apps' logs are how this test hears the facade's `offline` (jest silences them otherwise).
  const output = (): string => system.output();

  beforeAll(async () => {
    system = await startLocalSystem();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('signs in with the challenge, calls whoami through discovery, receives pushes, and the facade hears offline', async () => {
    const secrets = system.secrets<{ demoUserPrivateKeyPem: string }>();
    const socket = new WebSocket(system.urls.gate);
    const inbox: Message[] = [];
    const waiters: Array<() => void> = [];
    socket.on('message', (data: Buffer) => {
      inbox.push(JSON.parse(data.toString()) as Message);
      waiters.splice(0).forEach((wake) => wake());
    });
    const next = async (match: (m: Message) => boolean): Promise<Message> => {
      for (;;) {
        const found = inbox.findIndex(match);
        if (found >= 0) return inbox.splice(found, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const call = async (id: number, method: string, params?: unknown) => {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return next((m) => m.id === id);
    };

    const challenge = await next((m) => m.method === 'sign');
    const secret = challenge.params!.secret!;
    const signature = sign(
      null,
      Buffer.from(secret),
      createPrivateKey(secrets.demoUserPrivateKeyPem),
    ).toString('base64url');
    expect((await call(1, 'auth.authorize', { user: 'alice', secret, sign: signature })).result).toEqual({
      status: 'OK',
    });
    expect((await call(2, 'whoami')).result).toEqual({ user: 'alice', roles: ['user'] });
    // The secret was single-use.
    expect((await call(3, 'auth.authorize', { user: 'alice', secret, sign: signature })).error?.code).toBe(
      1103,
    );

    expect((await call(4, 'subscribe', { count: 2, intervalMs: 50 })).result).toMatchObject({
      subscribed: 'ticker',
    });
    const first = await next((m) => m.method === 'ticker');
    const second = await next((m) => m.method === 'ticker');
    expect([first.params?.result, second.params?.result]).toMatchObject([
      { seq: 1, of: 2 },
      { seq: 2, of: 2 },
    ]);

    socket.close(1000, 'bye');
    for (let i = 0; i < 100 && !/went offline \(user alice\)/.test(output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(output()).toMatch(/went offline \(user alice\)/);
  }, 60_000);
});
