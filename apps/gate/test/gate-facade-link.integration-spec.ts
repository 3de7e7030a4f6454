import { createTestDatabase, type TestDatabase, until } from '@gatehouse/testing';
import { type RunningGate, startGate, WITHOUT_AUTH } from './support/gate-harness';
import { TestClient } from './support/test-client';
import { TestFacade } from './support/test-facade';

/** Calls reach the facade over the link once it is open (the first may still go over HTTP). */
async function untilLinked(client: TestClient, facade: TestFacade): Promise<void> {
  await until(
    async () => {
      await client.call('echo', ['warm-up']);
      return facade.linkCalls > 0;
    },
    'a call over the link',
    10_000,
    10,
  );
}

describe('gate: the persistent link to a facade that offers it', () => {
  let db: TestDatabase;
  const gates: RunningGate[] = [];
  const facades: TestFacade[] = [];

  const pair = async (
    env: Record<string, string> = {},
  ): Promise<{ gate: RunningGate; facade: TestFacade }> => {
    const facade = new TestFacade().offerLink();
    facades.push(facade);
    const gate = await startGate({
      ...WITHOUT_AUTH,
      DATABASE_URL: db.url,
      GLS_FACADE_CONNECT: await facade.start(),
      GATE_FACADE_TOKEN: 'facade-pair-token',
      ...env,
    });
    gates.push(gate);
    return { gate, facade };
  };

  beforeAll(async () => {
    db = await createTestDatabase('gate_facade_link');
  });

  afterAll(async () => {
    for (const gate of gates) await gate.close();
    for (const facade of facades) await facade.stop();
    await db?.drop();
  });

  it('sends calls over the link with the pair token, answers each when done, and keeps facade errors verbatim', async () => {
    const { gate, facade } = await pair();
    const client = await TestClient.connect(gate.wsUrl);
    await untilLinked(client, facade);
    expect(facade.linkTokens).toContain('Bearer facade-pair-token');
    const http = facade.calls.length - facade.linkCalls;
    // A slow call sent first does not hold the fast one behind it (no batch semantics on the link).
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'slow', params: { ms: 400 }, id: 'slow' }));
    expect((await client.call('echo', ['fast'], 'fast'))['result']).toEqual(['fast']);
    expect(client.messages.some((m) => (m as { id?: unknown }).id === 'slow')).toBe(false);
    expect(await client.take((m) => m['id'] === 'slow')).toEqual({
      jsonrpc: '2.0',
      id: 'slow',
      result: 'slow',
    });
    expect((await client.call('fail'))['error']).toEqual({
      code: 4242,
      message: 'facade says no',
      data: { why: 'test' },
    });
    // Many clients at once: every call is answered with its own id, none over HTTP.
    const others = await Promise.all(Array.from({ length: 20 }, () => TestClient.connect(gate.wsUrl)));
    const answers = await Promise.all(others.map((c, i) => c.call('echo', [i])));
    expect(answers.map((a) => a['result'])).toEqual(others.map((_, i) => [i]));
    expect(facade.calls.length - facade.linkCalls).toBe(http);
    await Promise.all([client, ...others].map((c) => c.close()));
  });

  it('fails the calls on a link that drops with 1104 at once, not at their timeout', async () => {
    // A timeout far beyond the test's own: an answer here cannot come from the timeout.
    const { gate, facade } = await pair({ GATE_FACADE_TIMEOUT_MS: '600000' });
    const client = await TestClient.connect(gate.wsUrl);
    await untilLinked(client, facade);
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'hold', id: 'held' }));
    await until(() => facade.calls.some((c) => c.method === 'hold'), 'the held call at the facade', 5000, 10);
    await facade.stop();
    expect(await client.take((m) => m['id'] === 'held')).toMatchObject({ id: 'held', error: { code: 1104 } });
    await client.close();
  });

  it('answers 1104 for a call on the link slower than GATE_FACADE_TIMEOUT_MS', async () => {
    const { gate, facade } = await pair({ GATE_FACADE_TIMEOUT_MS: '300' });
    const client = await TestClient.connect(gate.wsUrl);
    await untilLinked(client, facade);
    expect((await client.call('hold'))['error']).toMatchObject({ code: 1104 });
    facade.release();
    expect((await client.call('echo', ['after']))['result']).toEqual(['after']);
    await client.close();
  });

  it('fails a call at once with 1104 when the calls waiting on the link reach GATE_FACADE_MAX_BACKLOG', async () => {
    const { gate, facade } = await pair({ GATE_FACADE_MAX_BACKLOG: '3' });
    const client = await TestClient.connect(gate.wsUrl);
    await untilLinked(client, facade);
    for (const id of ['h1', 'h2', 'h3']) client.send(JSON.stringify({ jsonrpc: '2.0', method: 'hold', id }));
    await until(() => facade.callsOf('hold').length === 3, 'three held calls at the facade', 5000, 10);
    expect((await client.call('echo', ['over']))['error']).toMatchObject({
      code: 1104,
      data: { reason: 'facade backlog full' },
    });
    facade.release();
    for (const id of ['h1', 'h2', 'h3'])
      expect(await client.take((m) => m['id'] === id)).toMatchObject({ result: 'held' });
    expect((await client.call('echo', ['room again']))['result']).toEqual(['room again']);
    await client.close();
  });

  it('tells the facade over the link when a client leaves', async () => {
    const { gate, facade } = await pair();
    const client = await TestClient.connect(gate.wsUrl);
    await untilLinked(client, facade);
    const before = facade.linkCalls;
    await client.close();
    await until(() => facade.callsOf('offline').length > 0, 'the offline notification', 5000, 10);
    expect(facade.callsOf('offline')).toHaveLength(1);
    expect(facade.linkCalls).toBe(before + 1);
  });
});
