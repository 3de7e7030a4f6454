/**
 * A frontend client of the gate, in a few lines: wait for the `sign` challenge, sign it with the
 * user's Ed25519 key, authorize, call `whoami`, subscribe to the facade's ticker and print what
 * arrives. `npm start` first; then `npm run example:client`.
 *
 * Environment: GATE_URL (default ws://127.0.0.1:8080), GATEHOUSE_USER (alice) and
 * GATEHOUSE_KEY_FILE (the local run's secrets.json, whose demo key belongs to alice).
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';

const url = process.env['GATE_URL'] ?? 'ws://127.0.0.1:8080';
const user = process.env['GATEHOUSE_USER'] ?? 'alice';
const keyFile = process.env['GATEHOUSE_KEY_FILE'] ?? path.resolve('.data/local/secrets.json');
const privateKey = createPrivateKey(
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { demoUserPrivateKeyPem: string }).demoUserPrivateKeyPem,
);

const socket = new WebSocket(url);
let nextId = 1;
const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();

function call(method: string, params?: unknown): Promise<unknown> {
  const id = nextId++;
  socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  return new Promise((resolve, reject) =>
    pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result))),
  );
}

socket.on('message', (data: Buffer) => {
  const message = JSON.parse(data.toString()) as {
    id?: number;
    method?: string;
    params?: { secret?: string };
    result?: unknown;
    error?: unknown;
  };
  if (message.id !== undefined) return pending.get(message.id)?.(message);
  if (message.method === 'sign' && message.params?.secret) void login(message.params.secret);
  else console.log('push:', JSON.stringify(message));
});

async function login(secret: string): Promise<void> {
  const signature = sign(null, Buffer.from(secret, 'utf8'), privateKey).toString('base64url');
  console.log('authorize:', await call('auth.authorize', { user, secret, sign: signature }));
  console.log('whoami:', JSON.stringify(await call('whoami')));
  console.log('subscribe:', JSON.stringify(await call('subscribe', { count: 3, intervalMs: 500 })));
  setTimeout(() => socket.close(1000, 'done'), 2500);
}

socket.on('error', (error) => {
  console.error(`cannot reach the gate at ${url}: ${error.message}`);
  process.exitCode = 1;
});
