/**
 * A frontend client of the gate on @gatehouse/gate-client: log in by signing the gate's challenge
 * with the user's Ed25519 key, call `whoami`, subscribe to the facade's ticker and print what
 * arrives. `npm start` first; then `npm run example:client`.
 *
 * Environment: GATE_URL (default ws://127.0.0.1:8080), GATEHOUSE_USER (alice) and
 * GATEHOUSE_KEY_FILE (the local run's secrets.json, whose demo key belongs to alice).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, ed25519Signer } from '@gatehouse/gate-client';
import WebSocket from 'ws';

const url = process.env['GATE_URL'] ?? 'ws://127.0.0.1:8080';
const user = process.env['GATEHOUSE_USER'] ?? 'alice';
const keyFile = process.env['GATEHOUSE_KEY_FILE'] ?? path.resolve('.data/local/secrets.json');

async function main(): Promise<void> {
  const { demoUserPrivateKeyPem } = JSON.parse(readFileSync(keyFile, 'utf8')) as {
    demoUserPrivateKeyPem: string;
  };
  // Node 22+ has a global WebSocket; `ws` is passed to show how a runtime without one is served.
  const client = await connect<{ ticker: { result: { seq: number; of: number; at: string } } }>(url, {
    WebSocket,
    login: { user, signer: await ed25519Signer(demoUserPrivateKeyPem) },
  });
  console.log('whoami:', JSON.stringify(await client.call('whoami')));
  client.on('ticker', ({ result }) => {
    console.log(`ticker ${result.seq}/${result.of} at ${result.at}`);
    if (result.seq === result.of) client.close();
  });
  console.log('subscribe:', JSON.stringify(await client.call('subscribe', { count: 3, intervalMs: 500 })));
}

main().catch((error: unknown) => {
  console.error(`gate client failed (${url}): ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
