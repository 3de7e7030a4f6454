// The floors bench:discovery measures beside the provider, in the same run: what a bare HTTP server
// costs per POST of a registration's size, and what PostgreSQL costs per one-row INSERT of an
// instance's shape. A registration is one of the first plus a few of the second, so these bound
// from below what the provider and its database can spend per registration.
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { withDatabase } from '@gatehouse/persistence';
import { freePort } from '@gatehouse/testing';
import { processCpuUs } from './load';
import { postgresCpuMs } from './postgres-cpu';

export interface PeerResult {
  name: string;
  perSec: number;
  /** CPU of the server (the bare HTTP process, or PostgreSQL) per operation, ms. */
  serverCpuMs: number;
}

// Parses the JSON body and answers a small JSON object: what any HTTP API does at the least.
const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"registered"}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send('ready'));`;

/** `count` POSTs of `bodyBytes` each to a bare node:http server in its own process. */
export async function bareHttpPost(
  count: number,
  concurrency: number,
  bodyBytes: number,
): Promise<PeerResult> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], {
    env: { PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', () => reject(new Error('bare HTTP server exited')));
  });
  try {
    const body = JSON.stringify({
      token: 'x'.repeat(Math.max(0, bodyBytes - 60)),
      signature: randomBytes(32).toString('base64url'),
    });
    const cpu0 = processCpuUs(child.pid) ?? Number.NaN;
    const started = performance.now();
    await mapLimit(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`bare POST: ${res.status}`);
        await res.text();
      },
    );
    const sec = (performance.now() - started) / 1000;
    const cpuMs = ((processCpuUs(child.pid) ?? Number.NaN) - cpu0) / 1000;
    return { name: 'bare node:http POST', perSec: count / sec, serverCpuMs: cpuMs / count };
  } finally {
    child.kill('SIGTERM');
  }
}

/** `count` autocommitted one-row INSERTs of an instance's shape over `concurrency` connections. */
export async function barePgInsert(
  pgUrl: string,
  dataDir: string,
  count: number,
  concurrency: number,
): Promise<PeerResult> {
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_bare_insert');
  await admin.end();
  const url = withDatabase(pgUrl, 'bench_bare_insert');
  const setup = new Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE bare_instance (id uuid PRIMARY KEY, service varchar(63) NOT NULL, permissions text[] NOT NULL,
    host varchar(2048) NOT NULL, gate_host varchar(2048) NOT NULL, key_hash char(64) NOT NULL UNIQUE, registered_at timestamptz NOT NULL)`);
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  try {
    const cpu0 = postgresCpuMs(dataDir);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      clients.map(async (client) => {
        while (next < count) {
          const i = next++;
          await client.query(
            'INSERT INTO bare_instance (id, service, permissions, host, gate_host, key_hash, registered_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
            [
              randomUUID(),
              `svc-${i}`,
              Array.from({ length: 10 }, (_, k) => `svc-${i + k + 1}`),
              `http://127.0.0.1/svc/${i}`,
              `http://127.0.0.1/gate/${i}`,
              randomBytes(32).toString('hex'),
            ],
          );
        }
      }),
    );
    const sec = (performance.now() - started) / 1000;
    return {
      name: 'bare PostgreSQL INSERT',
      perSec: count / sec,
      serverCpuMs: (postgresCpuMs(dataDir) - cpu0) / count,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}
