// npm run bench:discovery [-- --instances 1000,5000,10000 --degree 10 --per-service 1 --concurrency 32 --cpu-prof <dir>]
// (BENCH_DISCOVERY_PROVIDER_NODE_ARGS: extra node flags for the provider process.)
// A curve: for each instance count N (BENCH_DISCOVERY_COUNTS or --instances, comma-separated), N
// instances over a permission graph of out-degree D register with a fresh provider process on its
// own database of one embedded PostgreSQL; lightweight in-process HTTP receivers (one server, a path
// per instance) answer confirm/update/ping. Reports per count registrations/s, provider and
// PostgreSQL CPU per registration, pushes per registration and the time from the last registration
// until every instance holds its final view; beside them, in the same run, the floors: a bare
// node:http POST loop and bare PostgreSQL INSERTs (discovery-peers.ts). Loopback only; bounded;
// stops by itself.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { startEmbeddedPostgres, withDatabase } from '@gatehouse/persistence';
import { exportPublicJwk, generateSigningKeyPair, md5Hex, signToken } from '@gatehouse/protocol';
import { spawn } from 'node:child_process';
import { freePort } from '@gatehouse/testing';
import { bareHttpPost, barePgInsert, mapLimit, type PeerResult } from './discovery-peers';
import { processCpuUs } from './load';
import { postgresCpuMs } from './postgres-cpu';

const { values } = parseArgs({
  options: {
    instances: { type: 'string' },
    degree: { type: 'string', default: '10' },
    'per-service': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
    /** Listening sockets of the (one, in-process) receiver of every instance's calls. */
    receivers: { type: 'string', default: '20' },
    /** Per count; by default 60 s plus 50 ms per instance. */
    'timeout-sec': { type: 'string' },
    /** Write a V8 CPU profile of each provider process into this folder (open it in Chrome DevTools). */
    'cpu-prof': { type: 'string' },
  },
});
const COUNTS = (process.env['BENCH_DISCOVERY_COUNTS'] ?? values.instances ?? '1000,5000,10000')
  .split(',')
  .map((c) => Number(c.trim()))
  .filter((c) => Number.isInteger(c) && c > 1);
const DEGREE = Number(values.degree);
const PER_SERVICE = Number(values['per-service']);
const CONCURRENCY = Number(values.concurrency);
const RECEIVERS = Number(values.receivers);
/** Extra provider environment, `K=V,K=V` (e.g. DISCOVERY_DELIVERY_COALESCE_MS=0 for an A/B run). */
const PROVIDER_ENV = Object.fromEntries(
  (process.env['BENCH_DISCOVERY_ENV'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=', 2) as [string, string]),
);
const ISSUER = 'http://bench-auth.local';
const AUDIENCE = 'discovery-provider';

interface Instance {
  index: number;
  service: string;
  signature: string;
  gateHost: string;
  host: string;
  revision: number;
  permissions: number;
  allows: number;
  hostsComplete: boolean;
  updates: number;
}

interface CountResult {
  instances: number;
  regPerSec: number;
  finalSec: number;
  pushesPerReg: number;
  providerCpuMs: number;
  postgresCpuMs: number;
  benchCpuMs: number;
  load: number;
}

const serviceName = (i: number) => `svc-${i}`;

async function main(): Promise<void> {
  if (COUNTS.length === 0) throw new Error('no instance counts (BENCH_DISCOVERY_COUNTS=1000,5000)');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-discovery-'));
  chmodSync(tmp, 0o755); // as root, embedded PostgreSQL runs as the postgres user, which must traverse it
  const dataDir = path.join(tmp, 'pg');
  const started = await startEmbeddedPostgres({ dataDir });
  const pg = { url: started.url, dataDir: started.dataDir ?? dataDir, stop: () => started.stop() };
  const authority = await jwksServer();
  try {
    const peerCount = Math.min(5000, Math.max(...COUNTS));
    const peers = [
      await bareHttpPost(peerCount, CONCURRENCY, 1100),
      await barePgInsert(pg.url, pg.dataDir, peerCount, CONCURRENCY),
    ];
    const results: CountResult[] = [];
    for (const n of COUNTS) {
      results.push(await runCount(n, pg, tmp, authority));
      process.stderr.write(`bench: ${n} instances done\n`);
    }
    printTables(results, peers);
  } finally {
    authority.server.close();
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One point of the curve: N instances registering with a fresh provider on a fresh database. */
async function runCount(
  n: number,
  pg: { url: string; dataDir: string },
  tmp: string,
  authority: Awaited<ReturnType<typeof jwksServer>>,
): Promise<CountResult> {
  const services = Math.ceil(n / PER_SERVICE);
  const callees = (s: number) =>
    Array.from({ length: Math.min(DEGREE, services - 1) }, (_, k) => (s + k + 1) % services);
  const deadline = setTimeout(
    () => {
      process.stderr.write(`bench: time limit reached at ${n} instances, stopping\n`);
      process.exit(2);
    },
    Number(values['timeout-sec'] ?? 60 + n / 20) * 1000,
  );
  deadline.unref();

  const database = `bench_discovery_${n}`;
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();

  const instances: Instance[] = [];
  const byPath = new Map<string, Instance>();
  const receivers = await Promise.all(Array.from({ length: RECEIVERS }, () => receiver(byPath)));
  for (let i = 0; i < n; i++) {
    const port = (receivers[i % RECEIVERS]!.address() as AddressInfo).port;
    const inst: Instance = {
      index: i,
      service: serviceName(i % services),
      signature: randomBytes(32).toString('base64url'),
      gateHost: `http://127.0.0.1:${port}/gate/${i}`,
      host: `http://127.0.0.1:${port}/svc/${i}`,
      revision: 0,
      permissions: 0,
      allows: 0,
      hostsComplete: false,
      updates: 0,
    };
    instances.push(inst);
    byPath.set(`/gate/${i}`, inst);
  }

  const port = await freePort();
  const provider = await startProvider(port, {
    DISCOVERY_PORT: String(port),
    DISCOVERY_HOST: '127.0.0.1',
    DATABASE_URL: withDatabase(pg.url, database),
    DISCOVERY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    DISCOVERY_AUTH_JWKS_URL: authority.jwksUrl,
    DISCOVERY_AUTH_ISSUER: ISSUER,
    DISCOVERY_AUTH_AUDIENCE: AUDIENCE,
    GATEHOUSE_DATA_DIR: tmp,
    DISCOVERY_ALLOW_LOOPBACK: 'true',
    DISCOVERY_PING_INTERVAL_MS: '600000',
    DISCOVERY_TTL_MS: '3600000',
    DISCOVERY_ROTATION_INTERVAL_MS: '0',
    DISCOVERY_DELIVERY_CONCURRENCY: '64',
    DISCOVERY_DELIVERY_POLL_MS: '100',
    DISCOVERY_DB_POOL_SIZE: '30',
    LOG_LEVEL: 'warn',
    ...PROVIDER_ENV,
  });

  try {
    const token = await authority.token();
    const tokens = await mapLimit(
      Array.from({ length: services }, (_, s) => s),
      16,
      async (s) => {
        const res = await fetch(`${provider.url}/admin/configuration-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: serviceName(s), permissions: callees(s).map(serviceName) }),
        });
        if (res.status !== 201) throw new Error(`issue: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { token: string }).token;
      },
    );
    // Signed ahead, so the registration phase measures the provider rather than this script.
    const bodies = await Promise.all(
      instances.map(async (inst) =>
        JSON.stringify({
          token: await new SignJWT({
            host: inst.host,
            gate_host: inst.gateHost,
            configuration_token: tokens[inst.index % services],
          })
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
            .setIssuedAt()
            .sign(new TextEncoder().encode(inst.signature)),
          signature: inst.signature,
        }),
      ),
    );

    const cpuBefore = {
      provider: provider.cpuMs(),
      postgres: postgresCpuMs(pg.dataDir),
      bench: process.cpuUsage(),
    };
    const started = performance.now();
    await mapLimit(instances, CONCURRENCY, async (inst) => {
      const res = await fetch(`${provider.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[inst.index],
      });
      if (res.status !== 200) throw new Error(`register: ${res.status} ${await res.text()}`);
      await res.text();
    });
    const registered = performance.now();

    const inDegree = new Map<number, number>();
    for (let s = 0; s < services; s++)
      for (const c of callees(s)) inDegree.set(c, (inDegree.get(c) ?? 0) + 1);
    const converged = (inst: Instance) => {
      const s = inst.index % services;
      return (
        inst.permissions === callees(s).length &&
        inst.allows === (inDegree.get(s) ?? 0) * PER_SERVICE &&
        inst.hostsComplete
      );
    };
    // Checked from where the last check stopped: a view once final stays final (no one leaves).
    let firstPending = 0;
    for (;;) {
      while (firstPending < n && converged(instances[firstPending]!)) firstPending++;
      if (firstPending === n) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const done = performance.now();
    const bench = process.cpuUsage(cpuBefore.bench);
    const result = {
      providerCpuMs: (provider.cpuMs() - cpuBefore.provider) / n,
      postgresCpuMs: (postgresCpuMs(pg.dataDir) - cpuBefore.postgres) / n,
      benchCpuMs: (bench.user + bench.system) / 1000 / n,
    };
    await new Promise((resolve) => setTimeout(resolve, 500)); // late duplicates still count as pushes
    const pushes = instances.reduce((sum, i) => sum + i.updates, 0);
    return {
      instances: n,
      regPerSec: n / ((registered - started) / 1000),
      finalSec: (done - registered) / 1000,
      pushesPerReg: pushes / n,
      load: os.loadavg()[0]!,
      ...result,
    };
  } finally {
    clearTimeout(deadline);
    await provider.stop();
    for (const r of receivers) r.close();
  }
}

function printTables(results: CountResult[], peers: PeerResult[]): void {
  const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(2));
  printTable(
    `discovery at scale: out-degree ${DEGREE}, ${PER_SERVICE} instance(s) per service, registration concurrency ${CONCURRENCY}`,
    [
      'instances',
      'registrations/s',
      'provider CPU ms/reg',
      'PostgreSQL CPU ms/reg',
      'bench CPU ms/reg',
      'pushes/reg',
      'last reg -> all views final',
      'load avg (1 min)',
    ],
    results.map((r) => [
      String(r.instances),
      r.regPerSec.toFixed(0),
      ms(r.providerCpuMs),
      ms(r.postgresCpuMs),
      ms(r.benchCpuMs),
      r.pushesPerReg.toFixed(2),
      `${r.finalSec.toFixed(2)} s`,
      r.load.toFixed(2),
    ]),
  );
  printTable(
    'floors in the same run (same concurrency)',
    ['peer', 'operations/s', 'server CPU ms/op'],
    peers.map((p) => [p.name, p.perSec.toFixed(0), ms(p.serverCpuMs)]),
  );
  process.stdout.write(`\nuncoalesced bound: ${1 + 2 * DEGREE * PER_SERVICE} pushes per registration\n`);
}

function printTable(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |\n`;
  process.stdout.write(
    `\n${title}\n\n${line(head)}|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('')}`,
  );
}

/**
 * The built provider as a child process. (`startAppProcess` of @gatehouse/testing resolves dist/
 * from its source location, which is wrong once it is itself built; see the report.)
 */
async function startProvider(port: number, env: Record<string, string>) {
  // Another build's provider (BENCH_DISCOVERY_PROVIDER_MAIN, e.g. main's, for an A/B run).
  const main =
    process.env['BENCH_DISCOVERY_PROVIDER_MAIN'] ??
    path.resolve(__dirname, '../../apps/discovery-provider/src/main.js');
  const profile = values['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`]
    : [];
  // Extra node flags for the provider, space-separated (e.g. `--perf-basic-prof` for Linux perf).
  const nodeArgs = (process.env['BENCH_DISCOVERY_PROVIDER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...profile, main], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      if (tries > 600 || child.exitCode !== null) throw new Error('provider did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    cpuMs: () => (processCpuUs(child.pid) ?? Number.NaN) / 1000,
  };
}

function receiver(byPath: Map<string, Instance>): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const inst = byPath.get(req.url ?? '');
      if (!inst) {
        res.writeHead(404).end();
        return;
      }
      const msg = JSON.parse(Buffer.concat(chunks).toString()) as {
        method: string;
        hashed_signature?: string;
        revision?: number;
        permissions?: Record<string, unknown>;
        allows?: Record<string, string>;
        hosts?: Record<string, string[]>;
      };
      if (msg.method === 'confirm') {
        const ok = msg.hashed_signature === md5Hex(inst.signature);
        res
          .writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
          .end(JSON.stringify(ok ? { signature: inst.signature } : {}));
        return;
      }
      if (msg.method === 'update') {
        inst.updates++;
        if (msg.revision! > inst.revision) {
          inst.revision = msg.revision!;
          inst.permissions = Object.keys(msg.permissions ?? {}).length;
          inst.allows = Object.keys(msg.allows ?? {}).length;
          inst.hostsComplete = Object.values(msg.hosts ?? {}).every((h) => h.length === PER_SERVICE);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function jwksServer(): Promise<{ jwksUrl: string; server: Server; token: () => Promise<string> }> {
  const pair = await generateSigningKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [await exportPublicJwk(pair.publicKey, 'bench', 'ES256')] });
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const key = { kid: 'bench', alg: 'ES256', key: pair.privateKey };
  return {
    server,
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    token: () =>
      signToken('access', { sub: 'bench', client_id: 'bench', roles: ['admin'] }, key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        expiresInSec: 600,
      }),
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
