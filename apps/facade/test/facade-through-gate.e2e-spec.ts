import type { INestApplication } from '@nestjs/common';
import {
  type AppProcess,
  createTestDatabase,
  jsonRpcSpecExamples,
  sortJsonRpcAnswers,
  startGateProcess,
  type TestDatabase,
  until,
} from '@gatehouse/testing';
import WebSocket from 'ws';
import { startStandaloneFacade } from './support/standalone-facade';

/**
 * The JSON-RPC 2.0 specification's section 7 examples, one by one, through a real gate process
 * (built `main.js`) to this real facade (in this process, FACADE_SPEC_EXAMPLES=true). The facade
 * runs without discovery here: guard disabled, a configuration token whose provider is unreachable.
 */
describe('spec section 7 examples through a real gate to the real facade', () => {
  let db: TestDatabase;
  let facade: INestApplication;
  let gate: AppProcess;
  let wsUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('facade_through_gate');
    const started = await startStandaloneFacade('facade-through-gate', { FACADE_SPEC_EXAMPLES: 'true' });
    facade = started.app;
    const gateProcess = await startGateProcess({ facadeUrl: started.url, databaseUrl: db.url });
    gate = gateProcess.process;
    wsUrl = gateProcess.wsUrl;
  }, 90_000);

  afterAll(async () => {
    await gate?.stop();
    await facade?.close();
    await db?.drop();
  });

  it.each(jsonRpcSpecExamples().map((e) => [e.name, e.send, e.expect] as const))(
    '%s',
    async (name, send, expected) => {
      const socket = new WebSocket(wsUrl, { perMessageDeflate: false });
      const messages: unknown[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data))));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(send);
      try {
        if (expected === undefined) {
          await new Promise((r) => setTimeout(r, 200));
          expect(messages).toEqual([]);
          return;
        }
        await until(() => messages.length > 0, `the answer to ${name}`, 5000, 5);
        expect(messages).toHaveLength(1);
        expect(sortJsonRpcAnswers(messages[0])).toEqual(sortJsonRpcAnswers(expected));
      } finally {
        socket.terminate();
      }
    },
  );
});
