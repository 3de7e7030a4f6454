// npm run bench:system: the whole system (auth, discovery provider, facade, gate; built processes
// from @gatehouse/testing's startSystem) on one embedded PostgreSQL, first with one replica of each
// app, then with two replicas of auth, the provider and the gate, the same load on each:
// - tokens: client_credentials grants spread over the auth replicas, each token verified against
//   the JWKS of another replica (with one replica, its own);
// - registrations: services (a ring, out-degree 3) registering over the provider replicas, until
//   every view holds its final permissions and allows;
// - calls and pushes: logged-in clients spread over the gate replicas call `echo` through the gate
//   to the facade, then each subscribes to the facade's ticker and counts every push it receives.
// Every operation is accounted for (printed), with the CPU of all app processes and of PostgreSQL
// per operation. Loopback only; bounded; stops by itself.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import WebSocket from 'ws';
import { connect, type GateClient } from '@gatehouse/gate-client';
import { startEmbeddedPostgres } from '@gatehouse/persistence';
import { type AppProcess, demoUserToken, RawService, startSystem } from '@gatehouse/testing';
import { mapLimit } from './discovery-peers';
import { processCpuUs } from './load';
import { postgresCpuMs } from './postgres-cpu';

const TOKENS = Number(process.env['BENCH_SYSTEM_TOKENS'] ?? 1000);
const SERVICES = Number(process.env['BENCH_SYSTEM_SERVICES'] ?? 60);
const CLIENTS = Number(process.env['BENCH_SYSTEM_CLIENTS'] ?? 20);
const CALLS = Number(process.env['BENCH_SYSTEM_CALLS'] ?? 100);
const TICKS = Number(process.env['BENCH_SYSTEM_TICKS'] ?? 20);
const DEGREE = 3;
const CONCURRENCY = 8;

type Ticker = { ticker: { result: { seq: number; of: number } } };

interface Phase {
  name: string;
  ops: number;
  ok: number;
  note: string;
  seconds: number;
  appCpuMs: number;
  pgCpuMs: number;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-system-'));
  chmodSync(tmp, 0o755); // as root, embedded PostgreSQL runs as the postgres user, which must traverse it
  const dataDir = path.join(tmp, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir });
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 1);
  const results: { replicas: number; load: string; phases: Phase[] }[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const replicas of [1, 2]) {
        results.push({
          replicas,
          phases: await runSystem(
            `bench_system_${round}_${replicas}`,
            replicas,
            pg.url,
            pg.dataDir ?? dataDir,
          ),
          load: os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' '),
        });
        process.stderr.write(`bench: round ${round}, ${replicas} replica(s) done\n`);
      }
    }
  } finally {
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  print(results);
}

async function runSystem(name: string, replicas: number, server: string, dataDir: string): Promise<Phase[]> {
  const system = await startSystem({
    name,
    databaseServer: server,
    readyTimeoutMs: 180_000, // the shared machine's load average reaches 20-30
    // The default throttle stays on for clients; the bench's one address would hit it at once.
    env: { auth: { AUTH_THROTTLE_IP_LIMIT: '1000000' } },
  });
  const services: RawService[] = [];
  const clients: GateClient<Ticker>[] = [];
  try {
    const auths = [system.auth];
    const providers = [system.provider];
    const gates = [system.gateUrl];
    const extra: AppProcess[] = [];
    for (let r = 1; r < replicas; r++) {
      auths.push((await system.startReplica('auth')).process);
      providers.push((await system.startReplica('provider')).process);
      const gate = await system.startReplica('gate');
      gates.push(gate.wsUrl!);
      extra.push(auths.at(-1)!, providers.at(-1)!, gate.process);
    }
    const apps = (): AppProcess[] => [system.auth, system.provider, system.facade, system.gate, ...extra];
    const measure = async (phase: string, work: () => Promise<Pick<Phase, 'ops' | 'ok' | 'note'>>) => {
      const before = cost(apps(), dataDir);
      const started = performance.now();
      const done = await work();
      const seconds = (performance.now() - started) / 1000;
      const after = cost(apps(), dataDir);
      return {
        name: phase,
        seconds,
        appCpuMs: after.appCpuMs - before.appCpuMs,
        pgCpuMs: after.pgCpuMs - before.pgCpuMs,
        ...done,
      };
    };

    const tokens = await measure('tokens', async () => {
      let throttled = 0;
      const keySets = auths.map((a) => createRemoteJWKSet(new URL(`${a.url}/.well-known/jwks.json`)));
      const verdicts = await mapLimit(
        Array.from({ length: TOKENS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          // Auth's default limit on sign-ins in progress per address stays on: a refusal is
          // counted and retried, never a token that went missing.
          let token: string | undefined;
          while (!token) {
            token = await system.operatorToken(auths[i % auths.length]!.url).catch((error: unknown) => {
              if (!String(error).includes('429')) throw error;
              throttled++;
              return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10));
            });
          }
          // Verified with another replica's key set: both sign with keys the other publishes.
          const keys = keySets[(i + 1) % keySets.length]!;
          return jwtVerify(token, keys).then(
            () => true,
            () => false,
          );
        },
      );
      const ok = verdicts.filter(Boolean).length;
      return { ops: TOKENS, ok, note: `${ok}/${TOKENS} issued tokens verify (${throttled} 429s retried)` };
    });

    const registrations = await measure('registrations', async () => {
      const names = Array.from({ length: SERVICES }, (_, s) => `bench-svc-${s}`);
      const callees = (s: number) => Array.from({ length: DEGREE }, (_, k) => names[(s + k + 1) % SERVICES]!);
      const configTokens = await mapLimit(names, 8, (n) =>
        system.configurationToken(n, callees(names.indexOf(n))),
      );
      for (const n of names) services.push(await new RawService(n, system.provider.url).start());
      const answers = await mapLimit(services, CONCURRENCY, (svc) => {
        const s = services.indexOf(svc);
        return svc.register(providers[s % providers.length]!.url, configTokens[s]!);
      });
      const registered = answers.filter((a) => a.status === 200).length;
      const final = () =>
        services.filter(
          (svc) =>
            Object.keys(svc.view?.permissions ?? {}).length === DEGREE &&
            Object.keys(svc.view?.allows ?? {}).length === DEGREE,
        ).length;
      const deadline = Date.now() + 60_000;
      while (final() < SERVICES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const ok = Math.min(registered, final());
      return {
        ops: SERVICES,
        ok,
        note: `${registered}/${SERVICES} registered, ${final()}/${SERVICES} views final`,
      };
    });

    for (let c = 0; c < CLIENTS; c++) {
      clients.push(
        await connect<Ticker>(gates[c % gates.length]!, {
          WebSocket,
          login: { getToken: () => demoUserToken(system) },
        }),
      );
    }
    const calls = await measure('forwarded calls', async () => {
      const answers = await Promise.all(
        clients.map(async (client, c) => {
          let ok = 0;
          for (let i = 0; i < CALLS; i++) {
            const echoed = (await client.call('echo', [c, i]).catch(() => undefined)) as number[] | undefined;
            if (echoed?.[0] === c && echoed[1] === i) ok++;
          }
          return ok;
        }),
      );
      const ok = answers.reduce((a, b) => a + b, 0);
      return { ops: CLIENTS * CALLS, ok, note: `${ok}/${CLIENTS * CALLS} echoed` };
    });

    const pushes = await measure('pushes', async () => {
      const seen = clients.map(() => new Map<number, number>());
      clients.forEach((client, c) =>
        client.on('ticker', (params) =>
          seen[c]!.set(params.result.seq, (seen[c]!.get(params.result.seq) ?? 0) + 1),
        ),
      );
      await Promise.all(clients.map((client) => client.call('subscribe', { count: TICKS, intervalMs: 20 })));
      const delivered = () => seen.reduce((sum, m) => sum + m.size, 0);
      const deadline = Date.now() + 30_000;
      while (delivered() < CLIENTS * TICKS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300)); // a late duplicate still counts
      const duplicates = seen.reduce((sum, m) => sum + [...m.values()].filter((n) => n > 1).length, 0);
      const once = seen.reduce((sum, m) => sum + [...m.values()].filter((n) => n === 1).length, 0);
      return {
        ops: CLIENTS * TICKS,
        ok: once,
        note: `${once}/${CLIENTS * TICKS} delivered exactly once, ${duplicates} duplicated, ${CLIENTS * TICKS - delivered()} missing`,
      };
    });
    return [tokens, registrations, calls, pushes];
  } finally {
    for (const client of clients) client.close();
    for (const svc of services) await svc.stop();
    await system.stop();
  }
}

interface Cost {
  appCpuMs: number;
  pgCpuMs: number;
}

function cost(apps: AppProcess[], dataDir: string): Cost {
  const appCpuMs = apps.reduce((sum, app) => sum + (processCpuUs(app.child.pid) ?? 0) / 1000, 0);
  return { appCpuMs, pgCpuMs: postgresCpuMs(dataDir) };
}

function print(results: { replicas: number; load: string; phases: Phase[] }[]): void {
  const head = [
    'replicas',
    'phase',
    'accounted for',
    'ops/s',
    'app CPU ms/op',
    'PostgreSQL CPU ms/op',
    'load avg',
  ];
  const rows = results.flatMap((r) =>
    r.phases.map((p) => [
      `${r.replicas}x`,
      p.name,
      p.note,
      (p.ok / p.seconds).toFixed(0),
      (p.appCpuMs / p.ops).toFixed(3),
      (p.pgCpuMs / p.ops).toFixed(3),
      r.load,
    ]),
  );
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |\n`;
  process.stdout.write(
    `\nwhole system, one vs two replicas of auth, provider and gate (one PostgreSQL)\n\n${line(head)}|${widths
      .map((w) => '-'.repeat(w + 2))
      .join('|')}|\n${rows.map(line).join('')}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
