import { createTestDatabase, freePort, type TestDatabase } from '@gatehouse/testing';
import { type RunningGate, startGate, WITHOUT_AUTH } from './support/gate-harness';
import { TestClient } from './support/test-client';
import { TestFacade } from './support/test-facade';

describe('gate: facade down or slow gives 1104 and the gate stays up', () => {
  let db: TestDatabase;
  let gate: RunningGate;
  let slowGate: RunningGate;
  let facade: TestFacade;
  let flaky: TestFacade;
  let flakyGate: RunningGate;
  let flakyPort: number;

  beforeAll(async () => {
    db = await createTestDatabase('gate_facade_down');
    facade = new TestFacade();
    const common = { ...WITHOUT_AUTH, DATABASE_URL: db.url };
    gate = await startGate({
      ...common,
      GLS_FACADE_CONNECT: `http://127.0.0.1:${await freePort()}/`,
      GATE_FACADE_TIMEOUT_MS: '1000',
    });
    slowGate = await startGate({
      ...common,
      GLS_FACADE_CONNECT: await facade.start(),
      GATE_FACADE_TIMEOUT_MS: '200',
    });
    flaky = new TestFacade();
    flakyPort = await freePort();
    flakyGate = await startGate({
      ...common,
      GLS_FACADE_CONNECT: await flaky.start(flakyPort),
      GATE_FACADE_TIMEOUT_MS: '1000',
    });
  });

  afterAll(async () => {
    await gate?.close();
    await slowGate?.close();
    await flakyGate?.close();
    await facade?.stop();
    await flaky?.stop();
    await db?.drop();
  });

  it('answers 1104 when the facade cannot be reached, and keeps serving', async () => {
    const client = await TestClient.connect(gate.wsUrl);
    for (let i = 0; i < 3; i++) {
      expect((await client.call('echo', [i]))['error']).toMatchObject({
        code: 1104,
        message: 'Error passing the request to the facade',
      });
    }
    const health = await fetch(`${gate.connectorUrl}/health/ready`);
    expect(health.status).toBe(200);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await client.close();
  });

  it('answers 1104 when the facade is slower than GATE_FACADE_TIMEOUT_MS', async () => {
    const client = await TestClient.connect(slowGate.wsUrl);
    expect((await client.call('slow', { ms: 1000 }))['error']).toMatchObject({ code: 1104 });
    expect((await client.call('echo', [1]))['result']).toEqual([1]);
    await client.close();
  });

  it('answers 1104 while the facade goes down mid-session, and forwards again once it is back', async () => {
    const client = await TestClient.connect(flakyGate.wsUrl);
    expect((await client.call('echo', ['before']))['result']).toEqual(['before']);
    await flaky.stop();
    for (let i = 0; i < 3; i++) {
      expect((await client.call('echo', [i]))['error']).toMatchObject({
        code: 1104,
        message: 'Error passing the request to the facade',
      });
    }
    // Concurrent calls while down: each gets its own 1104, none is lost.
    const ids = ['d1', 'd2', 'd3'];
    ids.forEach((id) => client.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [id], id })));
    for (const id of ids)
      expect((await client.take((m) => m['id'] === id))['error']).toMatchObject({ code: 1104 });
    await flaky.start(flakyPort);
    expect((await client.call('echo', ['after']))['result']).toEqual(['after']);
    const back = ['b1', 'b2', 'b3'];
    back.forEach((id) => client.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [id], id })));
    for (const id of back) expect((await client.take((m) => m['id'] === id))['result']).toEqual([id]);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await client.close();
  });
});
