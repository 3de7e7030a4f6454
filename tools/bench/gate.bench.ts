/**
 * `npm run bench:gate`: round trips per second and p50/p99 through the gate's WebSocket JSON-RPC,
 * against a bare `ws` JSON-RPC echo server measured in the same run; pushes through the connector
 * on one and across two replicas against a bare `ws` push server (gate-push.ts); the gate's memory per
 * idle authorized connection at 10,000 connections. Servers run as their own processes (the gate
 * from dist/), the load generator here. Bounded: every phase has a fixed duration.
 *
 * 10,000 connections need ~10,000 file descriptors per process: `ulimit -n 20000` or more.
 * Env: BENCH_SECONDS (per scenario, default 5), BENCH_ROUNDS (bare/gate pairs per scenario, median
 * reported, default 3), BENCH_CONNECTIONS (load, default 50),
 * BENCH_IDLE (memory phase, default 10000; 0 skips it), DATABASE_URL (else the local embedded
 * PostgreSQL), BENCH_GATE_NODE_ARGS (extra node flags for the gate processes, e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` to profile the gate under load), BENCH_SCENARIOS and BENCH_GATE_ENV (see below).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { WebSocket, WebSocketServer } from 'ws';
import { resolveDatabase, withDatabase } from '@gatehouse/persistence';
import { exportPublicJwk, generateSigningKeyPair, signToken } from '@gatehouse/protocol';
import { attachGateLink } from '@gatehouse/facade-kit';
import type { HeapReading } from './gate-heap-probe';
import { openBareClient, openGateClient, type PushResult, pushLoad, serveBarePush } from './gate-push';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const IDLE = Number(process.env['BENCH_IDLE'] ?? 10_000);
/**
 * Comma list of `a`, `b` (default configuration: the link), `b-http` (GATE_FACADE_LINK=false:
 * HTTP with adaptive batching), `b-off` (HTTP, GATE_FACADE_BATCH=false), `push`
 * (transfer to a channel on the same and on another replica); empty runs all.
 */
const SCENARIOS = (process.env['BENCH_SCENARIOS'] ?? '').split(',').filter(Boolean);
/** Extra gate environment for experiments, `K=V,K=V` (e.g. `GATE_FACADE_CONNECTIONS=4`). */
const GATE_ENV = Object.fromEntries(
  (process.env['BENCH_GATE_ENV'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=', 2) as [string, string]),
);
const GATE_NODE_ARGS = (process.env['BENCH_GATE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
const root = path.resolve(__dirname, '../../..');

interface Result {
  name: string;
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
}

// ---- child roles: a bare ws echo server and an HTTP JSON-RPC echo facade ----

function serveBareEcho(): void {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    perMessageDeflate: false,
    clientTracking: false,
  });
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const { id, params } = JSON.parse(String(data)) as { id: unknown; params: unknown };
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, result: params }));
    }),
  );
  wss.on('listening', () => process.send?.((wss.address() as AddressInfo).port));
}

function serveEchoFacade(): void {
  // `channel` tells a client its channel id (the pushes scenario needs it); anything else echoes.
  type Call = {
    id?: unknown;
    method?: string;
    params?: { params?: unknown; routing?: { channelId?: string } };
  };
  const answer = (call: Call) => ({
    jsonrpc: '2.0',
    id: call.id,
    result: (call.method === 'channel' ? call.params?.routing?.channelId : call.params?.params) ?? null,
  });
  let requests = 0;
  let calls = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests, calls }));
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as object;
      const out = Array.isArray(parsed) ? parsed.map(answer) : answer(parsed);
      requests++;
      calls += Array.isArray(parsed) ? parsed.length : 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  server.keepAliveTimeout = 60_000;
  // The facade kit's link on the same port (scenario `b`); `b-http` runs a gate with GATE_FACADE_LINK=false.
  attachGateLink(server, {
    authenticate: () => true,
    handle: async (message) => {
      requests++;
      calls++;
      return answer(message as Call);
    },
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
}

// ---- helpers ----

/** Every process the bench started, stopped on the way out even when a phase fails. */
const spawned: ChildProcess[] = [];
process.on('exit', () => spawned.forEach((p) => p.exitCode === null && p.kill()));

function child(role: string): Promise<{ proc: ChildProcess; port: number }> {
  return childWith<number>(role).then(({ proc, ready }) => ({ proc, port: Number(ready) }));
}

/** A child role, and what it reported once listening (its port or ports). */
function childWith<T>(role: string): Promise<{ proc: ChildProcess; ready: T }> {
  const proc = spawn(process.execPath, [__filename, role], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  spawned.push(proc);
  return new Promise((resolve) => proc.once('message', (ready) => resolve({ proc, ready: ready as T })));
}

async function startGate(
  env: Record<string, string>,
  ports: { ws: number; http: number },
  heapProbe = false,
): Promise<ChildProcess> {
  const main = path.join(root, 'dist/apps/gate/src/main.js');
  const probe = heapProbe ? ['--expose-gc', '--require', path.join(__dirname, 'gate-heap-probe.js')] : [];
  const proc = spawn(process.execPath, [...GATE_NODE_ARGS, ...probe, main], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: heapProbe ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit'],
  });
  spawned.push(proc);
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${ports.http}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return proc;
    await sleep(100);
  }
  throw new Error('gate did not become ready');
}

/** A gate on free ports: its client and connector URLs, and how to stop it. */
async function launchGate(
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; wsUrl: string; connectorUrl: string; stop(): Promise<void> }> {
  const ports = { ws: await freePort(), http: await freePort() };
  const proc = await startGate(
    { ...env, GLS_FRONTEND_GATE_PORT: String(ports.ws), GLS_CONNECTOR_PORT: String(ports.http) },
    ports,
  );
  return {
    proc,
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
    connectorUrl: `http://127.0.0.1:${ports.http}`,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/**
 * Pushes: `transfer` through the connector of the replica holding the clients' channels (same
 * replica) and through a second replica on the same PostgreSQL (cross replica), each round paired
 * with the bare peer (see gate-push.ts). CPU is both gate processes' (PostgreSQL not counted).
 */
async function pushPhase(base: Record<string, string>): Promise<string> {
  const token = 'bench-connector-token';
  const bare = await childWith<{ ws: number; http: number }>('bare-push');
  const holder = await launchGate({ ...base, GATE_CONNECTOR_TOKENS: token });
  const other = await launchGate({ ...base, GATE_CONNECTOR_TOKENS: token });
  const gateCpu = () => cpuMs(holder.proc.pid) + cpuMs(other.proc.pid);
  const perNotification = (ms: number, r: PushResult) =>
    ((1000 * ms) / (r.perSec * (SECONDS + 1))).toFixed(0);
  const rows: string[] = [];
  for (const [name, connectorUrl] of [
    ['same replica', holder.connectorUrl],
    ['cross replica (PostgreSQL NOTIFY)', other.connectorUrl],
  ] as const) {
    const rounds: { bare: PushResult; r: PushResult; ratio: number; bareCpu: string; cpu: string }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const bareClients = await Promise.all(
        Array.from({ length: CONNECTIONS }, () => openBareClient(`ws://127.0.0.1:${bare.ready.ws}`)),
      );
      const bareCpu0 = cpuMs(bare.proc.pid);
      const b = await pushLoad(
        'bare',
        `http://127.0.0.1:${bare.ready.http}`,
        undefined,
        bareClients,
        SECONDS,
      );
      const bareCpu = perNotification(cpuMs(bare.proc.pid) - bareCpu0, b);
      bareClients.forEach((c) => c.ws.terminate());
      const clients = await Promise.all(
        Array.from({ length: CONNECTIONS }, () => openGateClient(holder.wsUrl)),
      );
      await sleep(300); // the channel directory is written in 20 ms batches
      const cpu0 = gateCpu();
      const r = await pushLoad(name, connectorUrl, token, clients, SECONDS);
      const cpu = perNotification(gateCpu() - cpu0, r);
      clients.forEach((c) => c.ws.terminate());
      rounds.push({ bare: b, r, ratio: r.perSec / b.perSec, bareCpu, cpu });
    }
    const ratios = rounds.map((x) => `${(100 * x.ratio).toFixed(0)}%`).join(' ');
    const {
      bare: b,
      r,
      ratio,
      bareCpu,
      cpu,
    } = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(rounds.length / 2)]!;
    rows.push(
      `| bare ws push (baseline) | ${b.perSec.toFixed(0)} | 100% | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} | ${b.errors} | ${bareCpu} |`,
    );
    rows.push(
      `| gate transfer, ${name} | ${r.perSec.toFixed(0)} | ${(100 * ratio).toFixed(0)}%${ROUNDS > 1 ? ` (rounds: ${ratios})` : ''} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${cpu} |`,
    );
  }
  await Promise.all([holder.stop(), other.stop()]);
  bare.proc.kill();
  return [
    `| pushes (${CONNECTIONS} channels, 1 transfer outstanding each, ${SECONDS} s) | notifications delivered/s | % of bare | p50 delivery ms | p99 delivery ms | errors | server CPU µs per notification |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Closed loop: every connection keeps one call outstanding; warm-up 1 s, then `SECONDS` measured. */
async function load(name: string, url: string, method: string, params: unknown): Promise<Result> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => open(url)));
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let running = true;
  await new Promise<void>((done) => {
    let stopped = 0;
    for (const ws of sockets) {
      let id = 0;
      let sentAt = 0;
      const fire = () => {
        if (!running) {
          if (++stopped === sockets.length) done();
          return;
        }
        sentAt = performance.now();
        ws.send(JSON.stringify({ jsonrpc: '2.0', method, params, id: ++id }));
      };
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: unknown };
        if (message.id !== id) return; // pushed notifications (`sign`)
        if (measuring) {
          latencies.push(performance.now() - sentAt);
          if (message.error) errors++;
        }
        fire();
      });
      fire();
    }
    setTimeout(() => (measuring = true), 1000);
    setTimeout(() => (running = false), 1000 + SECONDS * 1000);
  });
  sockets.forEach((ws) => ws.terminate());
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.floor(latencies.length * p)] ?? 0;
  return { name, perSec: (latencies.length - errors) / SECONDS, p50: pct(0.5), p99: pct(0.99), errors };
}

/** User + system CPU of a process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(0);

/** The gate's heap after a forced full collection (gate-heap-probe.ts, preloaded with --expose-gc). */
function heapAfterGc(gate: ChildProcess): Promise<HeapReading> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gate did not answer the heap probe')), 30_000);
    gate.once('message', (reading) => {
      clearTimeout(timer);
      resolve(reading as HeapReading);
    });
    gate.send('heap');
  });
}

/** A JWKS for the gate to verify the bench's access tokens with (the memory phase logs in with JWTs). */
async function startJwks(): Promise<{ url: string; token: string; server: Server }> {
  const keys = await generateSigningKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [await exportPublicJwk(keys.publicKey, 'bench', 'ES256')] });
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = await signToken(
    'access',
    { sub: 'bench', client_id: 'bench', roles: ['user'] },
    { alg: 'ES256', kid: 'bench', key: keys.privateKey },
    {
      issuer: url,
      audience: 'gatehouse',
      expiresInSec: 3600,
    },
  );
  return { url, token, server };
}

async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await resolveDatabase(process.env['DATABASE_URL']);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gate_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE gate_bench');
  await admin.end();
  return { url: withDatabase(server.url, 'gate_bench'), stop: () => server.stop() };
}

async function memoryPhase(env: Record<string, string>, token: string): Promise<string> {
  const ports = { ws: await freePort(), http: await freePort() };
  const gate = await startGate(
    { ...env, GLS_FRONTEND_GATE_PORT: String(ports.ws), GLS_CONNECTOR_PORT: String(ports.http) },
    ports,
    true,
  );
  const url = `ws://127.0.0.1:${ports.ws}`;
  const sockets: WebSocket[] = [];
  const login = async () => {
    const ws = await open(url);
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { id?: number; result?: unknown };
        if (m.id === 1) (m.result ? resolve : reject)();
      });
      ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'auth.authorize', params: { token }, id: 1 }));
    });
  };
  for (let i = 0; i < 100; i++) await login();
  await sleep(2000);
  const before = await heapAfterGc(gate);
  let failed = 0;
  for (let i = 100; i < IDLE; i += 250) {
    const batch = Math.min(250, IDLE - i);
    const results = await Promise.allSettled(Array.from({ length: batch }, login));
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  await sleep(5000);
  const after = await heapAfterGc(gate);
  const n = IDLE - 100 - failed;
  sockets.forEach((ws) => ws.terminate());
  gate.kill('SIGTERM');
  await new Promise((r) => gate.once('exit', r));
  const perConnection = (bytes: number): string => (bytes / 1024 / n).toFixed(2);
  return [
    `| gate memory (forced GC before each reading), ${n} idle authorized connections (${failed} failed) | before (100 connections) | after | KiB per connection | target |`,
    '| --- | ---: | ---: | ---: | ---: |',
    `| JS heap + external | ${kib(before.heapUsed + before.external)} KiB | ${kib(after.heapUsed + after.external)} KiB | ${perConnection(after.heapUsed + after.external - before.heapUsed - before.external)} | 4 |`,
    `| JS heap alone | ${kib(before.heapUsed)} KiB | ${kib(after.heapUsed)} KiB | ${perConnection(after.heapUsed - before.heapUsed)} | - |`,
    `| RSS (kernel socket buffers not included) | ${kib(before.rss)} KiB | ${kib(after.rss)} KiB | ${perConnection(after.rss - before.rss)} | - |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const databaseUrl = database.url;
  const jwks = await startJwks();
  const echo = await child('echo-ws');
  const facade = await child('echo-facade');
  const base = {
    GLS_FACADE_CONNECT: `http://127.0.0.1:${facade.port}/`,
    GLS_AUTH_CONNECT: jwks.url,
    GLS_FRONTEND_GATE_HOST: '127.0.0.1',
    GLS_CONNECTOR_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    GATE_ANONYMOUS_METHODS: 'echo,channel',
    GATE_TOKEN_AUDIENCE: 'gatehouse',
    GATE_RATE_PER_SEC: '1000000',
    GATE_RATE_BURST: '1000000',
    // Every load client connects from 127.0.0.1, anonymous: lift the per-address cap and the login deadline.
    GATE_MAX_CONNECTIONS_PER_IP: '1000000',
    GATE_LOGIN_TIMEOUT_MS: '0',
    ...GATE_ENV,
  };
  const params = { text: 'hello gate', n: 42 };
  // The machine is shared: each gate scenario is paired with a bare-echo run just before it, and
  // its percentage is against that run, so drifting background load does not skew the ratio.
  const rows: string[] = [];
  const facadeStats = async () =>
    (await (await fetch(`http://127.0.0.1:${facade.port}/`)).json()) as { requests: number; calls: number };
  // Each round is a bare run followed by the gate run; with BENCH_ROUNDS > 1 the round with the
  // median ratio is reported, with every round's ratio beside it.
  // Server CPU per round trip (from /proc, whole runs including warm-up) does not depend on the
  // machine's other load the way throughput does: the gate's column is gate + facade processes.
  const cpuPerCall = (ms: number, r: Result) => ((1000 * ms) / (r.perSec * (SECONDS + 1))).toFixed(0);
  const pair = async (
    name: string,
    url: string,
    method: string,
    callParams: unknown,
    gatePid: number | undefined,
    forwarded: boolean,
  ) => {
    const rounds: {
      bare: Result;
      r: Result;
      perRequest: string;
      ratio: number;
      bareCpu: string;
      cpu: string;
    }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const bareCpu0 = cpuMs(echo.proc.pid);
      const bare = await load('bare', `ws://127.0.0.1:${echo.port}`, 'echo', params);
      const bareCpu = cpuMs(echo.proc.pid) - bareCpu0;
      const before = await facadeStats();
      const cpu0 = cpuMs(gatePid) + (forwarded ? cpuMs(facade.proc.pid) : 0);
      const r = await load(name, url, method, callParams);
      const cpu = cpuMs(gatePid) + (forwarded ? cpuMs(facade.proc.pid) : 0) - cpu0;
      const after = await facadeStats();
      const perRequest =
        forwarded && after.requests > before.requests
          ? ((after.calls - before.calls) / (after.requests - before.requests)).toFixed(1)
          : '-';
      rounds.push({
        bare,
        r,
        perRequest,
        ratio: r.perSec / bare.perSec,
        bareCpu: cpuPerCall(bareCpu, bare),
        cpu: cpuPerCall(cpu, r),
      });
    }
    const ratios = rounds.map((x) => `${(100 * x.ratio).toFixed(0)}%`).join(' ');
    const { bare, r, perRequest, ratio, bareCpu, cpu } = [...rounds].sort((x, y) => x.ratio - y.ratio)[
      Math.floor(rounds.length / 2)
    ]!;
    rows.push(
      `| bare ws echo (baseline) | ${bare.perSec.toFixed(0)} | 100% | ${bare.p50.toFixed(2)} | ${bare.p99.toFixed(2)} | ${bare.errors} | - | ${bareCpu} |`,
    );
    rows.push(
      `| ${r.name} | ${r.perSec.toFixed(0)} | ${(100 * ratio).toFixed(0)}%${ROUNDS > 1 ? ` (rounds: ${ratios})` : ''} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${perRequest} | ${cpu} |`,
    );
  };
  const withGate = async (
    env: Record<string, string>,
    run: (url: string, pid: number | undefined) => Promise<void>,
  ) => {
    const gate = await launchGate({ ...base, ...env });
    await run(gate.wsUrl, gate.proc.pid);
    await gate.stop();
  };
  const wanted = (scenario: string) => SCENARIOS.length === 0 || SCENARIOS.includes(scenario);
  if (wanted('a'))
    await withGate({}, (url, pid) =>
      pair('(a) gate local auth.generateSecret', url, 'auth.generateSecret', undefined, pid, false),
    );
  if (wanted('b'))
    await withGate({}, (url, pid) =>
      pair('(b) gate -> facade echo, default (link)', url, 'echo', params, pid, true),
    );
  if (wanted('b-http')) {
    await withGate({ GATE_FACADE_LINK: 'false' }, (url, pid) =>
      pair('(b) gate -> facade echo, HTTP (adaptive batching)', url, 'echo', params, pid, true),
    );
  }
  if (wanted('b-off')) {
    await withGate({ GATE_FACADE_BATCH: 'false', GATE_FACADE_LINK: 'false' }, (url, pid) =>
      pair('(b) gate -> facade echo, batching off', url, 'echo', params, pid, true),
    );
  }
  const table = [
    `| scenario (${CONNECTIONS} connections, 1 call outstanding each, ${SECONDS} s) | round trips/s | % of bare | p50 ms | p99 ms | errors | calls per facade request | server CPU µs per round trip |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  if (rows.length > 0) console.log(table);
  if (wanted('push')) console.log(await pushPhase(base));
  if (IDLE > 0)
    console.log(await memoryPhase({ ...base, GLS_FRONTEND_GATE_TIMEOUT_FOR_CLIENT: '600000' }, jwks.token));
  echo.proc.kill();
  facade.proc.kill();
  jwks.server.close();
  await database.stop();
  process.exit(0);
}

const role = process.argv[2];
if (role === 'echo-ws') serveBareEcho();
else if (role === 'echo-facade') serveEchoFacade();
else if (role === 'bare-push') serveBarePush();
else
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
