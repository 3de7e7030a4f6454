// `npm run bench:auth`: token throughput of the auth app against node-oidc-provider as the peer.
// Loopback only, fixed durations, stops by itself. Both servers run as child processes; this
// process only generates load. Not a test: it prints figures and never asserts.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { Pool } from 'undici';
import { type LocalPostgres, startEmbeddedPostgres, withDatabase } from '@gatehouse/persistence';
import {
  formatTable,
  type LoadResult,
  type LoadSlice,
  processCpuUs,
  runLoad,
  runSlice,
  type Step,
  summarize,
} from './load';
import { PEER_CLIENT } from './oidc-peer';
import { measureVerification } from './verify-access';

const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 5000);
const WARMUP_MS = 1000;
const CONCURRENCY = 32;
// AUTH_HASH_PER_ADDRESS's default: the bench calls from one address, and more in flight would be
// refused with 429 by the hardened limit, which the bench keeps on.
const PASSWORD_CONCURRENCY = 8;
// The client_credentials comparison alternates between the two servers in this many slices, so that
// both see the same moments of a shared machine's background load.
const PAIR_SLICES = 5;
// BENCH_SCENARIOS=cc,peer,refresh,password,verify (default: all), e.g. to profile one path at a time.
const SCENARIOS = new Set(
  (process.env['BENCH_SCENARIOS'] ?? 'cc,peer,refresh,password,verify').split(',').map((s) => s.trim()),
);
const dist = path.resolve(__dirname, '../..');

// Server-generated 256-bit secrets, stored as SHA-256 (the hash kind for generated secrets).
const SVC = { id: 'bench-svc', secret: randomBytes(32).toString('base64url') };
// Access token only, like the peer's client: the like-for-like client_credentials comparison.
const CC = { id: 'bench-cc', secret: randomBytes(32).toString('base64url') };
const WEB = { id: 'bench-web', secret: randomBytes(32).toString('base64url') };
const USER = { username: 'bench-user', password: 'bench-password-correct-horse' };

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  // Run as root, the embedded server runs as the `postgres` user, which must reach its folder.
  chmodSync(work, 0o755);
  const children: ChildProcess[] = [];
  let pg: LocalPostgres | undefined;
  let drop: (() => Promise<void>) | undefined;
  try {
    pg = process.env['DATABASE_URL']
      ? { url: process.env['DATABASE_URL'], owned: false, stop: async () => undefined }
      : await startEmbeddedPostgres({ dataDir: path.join(work, 'pg') });
    const dbName = `auth_bench_${randomBytes(4).toString('hex')}`;
    await admin(pg.url, `CREATE DATABASE ${dbName}`);
    drop = () => admin(pg!.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);

    const bootstrap = path.join(work, 'bootstrap.json');
    writeFileSync(bootstrap, JSON.stringify(bootstrapFile()));
    // The peer first: it listens on port 0, and could otherwise take the port probed for auth.
    const peer = spawnNode(path.join(dist, 'tools/bench/oidc-peer.js'), { NODE_ENV: 'production' });
    children.push(peer);
    const peerPort = await firstLine(peer).then((line) => (JSON.parse(line) as { port: number }).port);
    const authPort = await freePort();
    const auth = spawnNode(path.join(dist, 'apps/auth/src/main.js'), {
      AUTH_PORT: String(authPort),
      AUTH_HOST: '127.0.0.1',
      AUTH_ISSUER: `http://127.0.0.1:${authPort}`,
      DATABASE_URL: withDatabase(pg.url, dbName),
      AUTH_BOOTSTRAP_FILE: bootstrap,
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      GATEHOUSE_DATA_DIR: work,
      LOG_LEVEL: 'warn',
    });
    children.push(auth);
    await waitReady(`http://127.0.0.1:${authPort}/health/ready`);

    const authPool = new Pool(`http://127.0.0.1:${authPort}`, { connections: CONCURRENCY });
    const peerPool = new Pool(`http://127.0.0.1:${peerPort}`, { connections: CONCURRENCY });
    const results: LoadResult[] = [];
    const measure = async (name: string, pool: Pool, concurrency: number, step: () => Promise<Step>) => {
      await runLoad(`${name} (warm-up)`, pool, concurrency, WARMUP_MS, step);
      const used = cpuMeter(pool === peerPool ? peer.pid : auth.pid);
      const result = await runLoad(name, pool, concurrency, DURATION_MS, step);
      chargeCpu(result, used().totalUs);
      results.push(result);
      console.error(`  ${name}: ${result.perSec.toFixed(0)}/s`);
      return result;
    };

    /** Both client_credentials scenarios, interleaved slice by slice. */
    const measurePair = async () => {
      const sides = [
        {
          name: 'gatehouse client_credentials',
          pool: authPool,
          pid: auth.pid,
          step: clientCredentials(basic(CC.id, CC.secret)),
        },
        {
          name: 'oidc-provider client_credentials',
          pool: peerPool,
          pid: peer.pid,
          step: clientCredentials(basic(PEER_CLIENT.id, PEER_CLIENT.secret), '/token'),
        },
      ].map((side) => ({
        ...side,
        steps: Array.from({ length: CONCURRENCY }, () => side.step),
        slices: [] as LoadSlice[],
        cpuUs: 0,
        mainCpuUs: 0,
      }));
      for (const side of sides) await runSlice(side.pool, side.steps, WARMUP_MS);
      for (let i = 0; i < PAIR_SLICES; i++) {
        for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
          const used = cpuMeter(side.pid);
          side.slices.push(await runSlice(side.pool, side.steps, DURATION_MS / PAIR_SLICES));
          const { totalUs, mainUs } = used();
          side.cpuUs += totalUs;
          side.mainCpuUs += mainUs;
        }
      }
      const [gatehouse, oidc] = sides.map((side) => {
        const result = chargeCpu(summarize(side.name, side.slices), side.cpuUs);
        const ok = result.requests - result.errors;
        results.push(result);
        console.error(`  ${side.name}: ${result.perSec.toFixed(0)}/s`);
        return { ...result, mainCpuUs: ok > 0 ? side.mainCpuUs / ok : Number.NaN };
      });
      return { gatehouse, oidc };
    };

    /** The password grant and argon2id alone, interleaved; returns argon2id's verifications per second. */
    const measurePassword = async () => {
      const name = 'gatehouse password (argon2id m=19456,t=2,p=1)';
      const grant = Array.from({ length: PASSWORD_CONCURRENCY }, password);
      const alone = await argon2Alone(PASSWORD_CONCURRENCY);
      const grantSlices: LoadSlice[] = [];
      const aloneSlices: LoadSlice[] = [];
      let cpuUs = 0;
      await runSlice(authPool, grant, WARMUP_MS);
      for (let i = 0; i < PAIR_SLICES; i++) {
        const used = cpuMeter(auth.pid);
        grantSlices.push(await runSlice(authPool, grant, DURATION_MS / PAIR_SLICES));
        cpuUs += used().totalUs;
        aloneSlices.push(await runSlice(authPool, alone, DURATION_MS / PAIR_SLICES));
      }
      const result = chargeCpu(summarize(name, grantSlices), cpuUs);
      results.push(result);
      console.error(`  ${name}: ${result.perSec.toFixed(0)}/s`);
      return summarize('argon2id alone', aloneSlices).perSec;
    };

    console.error(`measuring ${DURATION_MS / 1000} s per scenario on ${os.cpus().length} CPUs ...`);
    let ours: (LoadResult & { mainCpuUs?: number }) | undefined;
    let theirs: (LoadResult & { mainCpuUs?: number }) | undefined;
    if (SCENARIOS.has('cc') && SCENARIOS.has('peer'))
      ({ gatehouse: ours, oidc: theirs } = await measurePair());
    else if (SCENARIOS.has('cc'))
      ours = await measure('gatehouse client_credentials', authPool, CONCURRENCY, async () =>
        clientCredentials(basic(CC.id, CC.secret)),
      );
    else if (SCENARIOS.has('peer'))
      theirs = await measure('oidc-provider client_credentials', peerPool, CONCURRENCY, async () =>
        clientCredentials(basic(PEER_CLIENT.id, PEER_CLIENT.secret), '/token'),
      );
    if (SCENARIOS.has('refresh'))
      await measure('gatehouse refresh_token', authPool, CONCURRENCY, () => refreshChain(authPool));
    // The password grant against its ceiling, argon2id alone in this process (no HTTP, no database),
    // alternated slice by slice like the client_credentials pair, so both see the same moments.
    const argon2Ceiling = SCENARIOS.has('password') ? await measurePassword() : undefined;
    await Promise.all([authPool.close(), peerPool.close()]);
    // In this process, with the servers idle: the guard's check against raw jose, alternated.
    const verification = SCENARIOS.has('verify')
      ? await measureVerification(DURATION_MS / PAIR_SLICES, PAIR_SLICES)
      : undefined;

    console.log(formatTable(results));
    if (ours && theirs) {
      console.log(
        `\nclient_credentials ratio gatehouse / oidc-provider: ${(ours.perSec / theirs.perSec).toFixed(2)}x`,
      );
      // The same comparison in server CPU per token, which the neighbours' load on a shared machine moves far less.
      if (ours.serverCpuUs && theirs.serverCpuUs) {
        console.log(
          `client_credentials server CPU per token, oidc-provider / gatehouse: ${(theirs.serverCpuUs / ours.serverCpuUs).toFixed(2)}x`,
        );
      }
      // The event loop is what a token waits on; signatures may run on other threads.
      if (ours.mainCpuUs !== undefined && theirs.mainCpuUs !== undefined) {
        console.log(
          `client_credentials main-thread CPU per token: gatehouse ${ours.mainCpuUs.toFixed(0)} µs, oidc-provider ${theirs.mainCpuUs.toFixed(0)} µs`,
        );
      }
    }
    if (argon2Ceiling !== undefined) {
      console.log(
        `argon2id m=19456,t=2,p=1 verifications alone in the bench process (no HTTP, no DB), same moment: ${argon2Ceiling.toFixed(0)}/s`,
      );
    }
    if (verification) {
      const { rawPerSec, guardPerSec } = verification;
      console.log(
        `access-token verification, raw jose (cached key): ${rawPerSec.toFixed(0)}/s; guard (AccessTokenVerifier, revocation list of 10,000): ${guardPerSec.toFixed(0)}/s = ${((guardPerSec / rawPerSec) * 100).toFixed(0)}%`,
      );
    }
    console.log(
      `targets: client_credentials >= 2x peer, refresh >= 1500/s, password within 10% of argon2id alone, guard >= 80% of raw jose (machine: ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
  } finally {
    children.forEach((child) => child.kill('SIGTERM'));
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined,
      ),
    );
    await drop?.().catch(() => undefined);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function bootstrapFile(): unknown {
  const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  return {
    users: [{ username: USER.username, password: USER.password, roles: ['user'] }],
    clients: [
      {
        clientId: SVC.id,
        clientSecretHash: sha256(SVC.secret),
        grants: ['client_credentials', 'refresh_token'],
        scopes: ['a:read', 'a:write'],
        roles: ['service'],
      },
      {
        clientId: CC.id,
        clientSecretHash: sha256(CC.secret),
        grants: ['client_credentials'],
        scopes: ['a:read', 'a:write'],
        roles: ['service'],
      },
      {
        clientId: WEB.id,
        clientSecretHash: sha256(WEB.secret),
        grants: ['password', 'refresh_token'],
        scopes: ['profile'],
        roles: [],
      },
    ],
  };
}

const FORM = 'application/x-www-form-urlencoded';

async function post(
  pool: Pool,
  authorization: string,
  body: string,
  path = '/oauth/token',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await pool.request({
    method: 'POST',
    path,
    headers: { authorization, 'content-type': FORM },
    body,
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

function clientCredentials(authorization: string, path?: string): Step {
  return async (pool) =>
    (await post(pool, authorization, 'grant_type=client_credentials', path)).status === 200;
}

/** Each worker follows its own rotation chain, so no two requests ever race on one token. */
async function refreshChain(pool: Pool): Promise<Step> {
  const authorization = basic(SVC.id, SVC.secret);
  let token = (await post(pool, authorization, 'grant_type=client_credentials')).json[
    'refresh_token'
  ] as string;
  return async (p) => {
    const reply = await post(
      p,
      authorization,
      `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}`,
    );
    if (reply.status !== 200) return false;
    token = reply.json['refresh_token'] as string;
    return true;
  };
}

function password(): Step {
  const body = new URLSearchParams({
    grant_type: 'password',
    username: USER.username,
    password: USER.password,
  }).toString();
  return async (pool) => (await post(pool, basic(WEB.id, WEB.secret), body)).status === 200;
}

/** Workers that each verify the user's password with argon2id in this process (libuv's pool, as the server's). */
async function argon2Alone(concurrency: number): Promise<Step[]> {
  const params = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
  const hash = await argon2.hash(USER.password, params);
  return Array.from({ length: concurrency }, () => () => argon2.verify(hash, USER.password));
}

/**
 * Starts counting `pid`'s CPU time; the returned call says how much it used since, the whole
 * process and its main thread (µs; NaN where /proc cannot say).
 */
function cpuMeter(pid: number | undefined): () => { totalUs: number; mainUs: number } {
  const total = processCpuUs(pid);
  const main = mainThreadCpuUs(pid);
  const since = (before: number | undefined, now: number | undefined) =>
    before !== undefined && now !== undefined ? now - before : Number.NaN;
  return () => ({ totalUs: since(total, processCpuUs(pid)), mainUs: since(main, mainThreadCpuUs(pid)) });
}

/** Sets the server's CPU per answered request on `result`, when `cpuUs` was measured. */
function chargeCpu(result: LoadResult, cpuUs: number): LoadResult {
  const ok = result.requests - result.errors;
  if (Number.isFinite(cpuUs) && ok > 0) result.serverCpuUs = cpuUs / ok;
  return result;
}

/** CPU time (µs) of a process's main thread (its task id is the pid), from /proc; Linux only. */
function mainThreadCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

function spawnNode(script: string, env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS, e.g. `--cpu-prof`, to look inside a server while it is measured.
  const args = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...args, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.setEncoding('utf8');
  return child;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`${String(child.spawnfile)} exited with ${String(code)}`)));
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
  });
}

async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`auth app not ready at ${url}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
