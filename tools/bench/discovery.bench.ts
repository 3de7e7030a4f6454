// npm run bench:discovery [-- --instances 1000 --degree 10 --per-service 1 --concurrency 32 --cpu-prof <dir>]
// N instances over a permission graph of out-degree D register with a real provider process on an
// embedded PostgreSQL; lightweight in-process HTTP receivers answer confirm/update/ping. Reports
// registrations/s, time from the last registration until every instance holds its final view, and
// pushes per registration. Loopback only; bounded; stops by itself.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '1000' },
    degree: { type: 'string', default: '10' },
    'per-service': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
    receivers: { type: 'string', default: '20' },
    'timeout-sec': { type: 'string', default: '120' },
    /** Write a V8 CPU profile of the provider into this folder (open it in Chrome DevTools). */
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.instances);
const DEGREE = Number(values.degree);
const PER_SERVICE = Number(values['per-service']);
const CONCURRENCY = Number(values.concurrency);
const RECEIVERS = Number(values.receivers);
const SERVICES = Math.ceil(N / PER_SERVICE);
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

const serviceName = (i: number) => `svc-${i}`;
const callees = (s: number) =>
  Array.from({ length: Math.min(DEGREE, SERVICES - 1) }, (_, k) => (s + k + 1) % SERVICES);

async function main(): Promise<void> {
  const deadline = setTimeout(
    () => {
      process.stderr.write('bench: time limit reached, stopping\n');
      process.exit(2);
    },
    Number(values['timeout-sec']) * 1000,
  );
  deadline.unref();

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-discovery-'));
  chmodSync(tmp, 0o755); // as root, embedded PostgreSQL runs as the postgres user, which must traverse it
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') });
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_discovery');
  await admin.end();

  const authority = await jwksServer();
  const instances: Instance[] = [];
  const byPath = new Map<string, Instance>();
  const receivers = await Promise.all(Array.from({ length: RECEIVERS }, () => receiver(byPath)));
  for (let i = 0; i < N; i++) {
    const server = receivers[i % RECEIVERS]!;
    const port = (server.address() as AddressInfo).port;
    const inst: Instance = {
      index: i,
      service: serviceName(i % SERVICES),
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
    DATABASE_URL: withDatabase(pg.url, 'bench_discovery'),
    DISCOVERY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    DISCOVERY_AUTH_JWKS_URL: authority.jwksUrl,
    DISCOVERY_AUTH_ISSUER: ISSUER,
    DISCOVERY_AUTH_AUDIENCE: AUDIENCE,
    DISCOVERY_DATA_DIR: tmp,
    DISCOVERY_ALLOW_LOOPBACK: 'true',
    DISCOVERY_PING_INTERVAL_MS: '600000',
    DISCOVERY_TTL_MS: '3600000',
    DISCOVERY_ROTATION_INTERVAL_MS: '0',
    DISCOVERY_DELIVERY_CONCURRENCY: '64',
    DISCOVERY_DELIVERY_POLL_MS: '100',
    DISCOVERY_DB_POOL_SIZE: '30',
    LOG_LEVEL: 'warn',
  });

  try {
    const token = await authority.token();
    const tokens = await mapLimit(
      Array.from({ length: SERVICES }, (_, s) => s),
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

    const cpuBefore = {
      provider: provider.cpuMs(),
      postgres: postgresCpuMs(pg.dataDir),
      bench: process.cpuUsage(),
    };
    const started = performance.now();
    await mapLimit(instances, CONCURRENCY, async (inst) => {
      const serviceToken = await new SignJWT({
        host: inst.host,
        gate_host: inst.gateHost,
        configuration_token: tokens[inst.index % SERVICES],
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt()
        .sign(new TextEncoder().encode(inst.signature));
      const res = await fetch(`${provider.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: serviceToken, signature: inst.signature }),
      });
      if (res.status !== 200) throw new Error(`register: ${res.status} ${await res.text()}`);
    });
    const registered = performance.now();

    const inDegree = new Map<number, number>();
    for (let s = 0; s < SERVICES; s++)
      for (const c of callees(s)) inDegree.set(c, (inDegree.get(c) ?? 0) + 1);
    const converged = (inst: Instance) => {
      const s = inst.index % SERVICES;
      return (
        inst.permissions === callees(s).length &&
        inst.allows === (inDegree.get(s) ?? 0) * PER_SERVICE &&
        inst.hostsComplete
      );
    };
    while (!instances.every(converged)) await new Promise((resolve) => setTimeout(resolve, 20));
    const done = performance.now();
    const bench = process.cpuUsage(cpuBefore.bench);
    const cpuUsed = {
      provider: provider.cpuMs() - cpuBefore.provider,
      postgres: postgresCpuMs(pg.dataDir) - cpuBefore.postgres,
      bench: (bench.user + bench.system) / 1000,
    };
    await new Promise((resolve) => setTimeout(resolve, 500)); // late duplicates still count as pushes
    const pushes = instances.reduce((sum, i) => sum + i.updates, 0);

    const regSec = (registered - started) / 1000;
    const perRegistration = (ms: number) => (Number.isNaN(ms) ? 'n/a' : `${(ms / N).toFixed(2)} ms`);
    const rows: [string, string][] = [
      ['instances', String(N)],
      ['services x instances each', `${SERVICES} x ${PER_SERVICE}`],
      ['out-degree', String(DEGREE)],
      ['registration concurrency', String(CONCURRENCY)],
      ['registration phase', `${regSec.toFixed(2)} s`],
      ['registrations/s', (N / regSec).toFixed(0)],
      ['last registration -> all views final', `${((done - registered) / 1000).toFixed(2)} s`],
      ['pushes total', String(pushes)],
      ['pushes per registration', (pushes / N).toFixed(2)],
      ['CPU per registration: provider (incl. pushes)', perRegistration(cpuUsed.provider)],
      ['CPU per registration: PostgreSQL', perRegistration(cpuUsed.postgres)],
      ['CPU per registration: this script (clients, receivers)', perRegistration(cpuUsed.bench)],
      ['load average (1 min) at the end', os.loadavg()[0]!.toFixed(2)],
      ['uncoalesced bound per registration', (1 + 2 * DEGREE * PER_SERVICE).toFixed(0)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n| ${'metric'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|\n`);
    for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
  } finally {
    await provider.stop();
    for (const r of receivers) r.close();
    authority.server.close();
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The built provider as a child process. (`startAppProcess` of @gatehouse/testing resolves dist/
 * from its source location, which is wrong once it is itself built; see the report.)
 */
async function startProvider(port: number, env: Record<string, string>) {
  const main = path.resolve(__dirname, '../../apps/discovery-provider/src/main.js');
  const profile = values['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`]
    : [];
  const child = spawn(process.execPath, [...profile, main], {
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
    cpuMs: () => processCpuMs(child.pid),
  };
}

/** Fields of /proc/<pid>/stat after the command name (Linux), undefined elsewhere. */
function procStat(pid: number | string | undefined): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}

// USER_HZ is 100 on Linux: utime, stime (and cutime, cstime of reaped children) in 10 ms ticks.
const ticks = (fields: string[], from: number, count: number) =>
  fields.slice(from, from + count).reduce((sum, f) => sum + Number(f) * 10, 0);

/** user + system CPU time of a process, NaN where /proc is missing. */
function processCpuMs(pid: number | undefined): number {
  const fields = procStat(pid);
  return fields ? ticks(fields, 11, 2) : Number.NaN;
}

/** CPU time of the PostgreSQL server: the postmaster, its live backends and those that exited. */
function postgresCpuMs(dataDir: string | undefined): number {
  try {
    const postmaster = readFileSync(path.join(dataDir ?? '', 'postmaster.pid'), 'utf8')
      .split('\n')[0]!
      .trim();
    const own = procStat(postmaster);
    if (!own) return Number.NaN;
    let total = ticks(own, 11, 4);
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const fields = procStat(pid);
      if (fields?.[1] === postmaster) total += ticks(fields, 11, 2);
    }
    return total;
  } catch {
    return Number.NaN;
  }
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

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
