import { Client } from 'pg';
import WebSocket from 'ws';
import { connect, type GateClient } from '@gatehouse/gate-client';
import {
  demoUserToken,
  type GatehouseSystem,
  type GateProcess,
  post,
  RawService,
  type RestartablePostgres,
  sleep,
  startGateProcess,
  startRestartablePostgres,
  startSystem,
  until,
} from '@gatehouse/testing';
import { printFigures, sizeFromEnv, writeLogs } from './support/figures';
import { countRefusal, describeTally, loop, tally, type Tally, unexpectedRefusals } from './support/load';

jest.setTimeout(300_000);

const OUTAGE_MS = sizeFromEnv('FAULTS_PG_OUTAGE_MS', 10_000);
const CONNECTOR_TOKEN = 'faults-connector-token';
type Pushes = { ticker: { result: { seq: number; of: number } }; faults: { result: { n: number } } };

/**
 * PostgreSQL stopped for FAULTS_PG_OUTAGE_MS (10 s) and started again on the same port and folder
 * while auth issues and refreshes tokens, the provider registers services and the gate carries
 * pushes. No app is restarted. Afterwards: every refresh token auth handed out still works exactly
 * once, every acknowledged registration is listed, every push arrived, a second gate replica reaches
 * channels held by the first (its LISTEN connection came back), and each app's readiness said
 * "not ready" during the outage and "ready" after it.
 */
describe('PostgreSQL outage under load', () => {
  let pg: RestartablePostgres;
  let system: GatehouseSystem;
  let replica: GateProcess;

  beforeAll(async () => {
    pg = await startRestartablePostgres();
    system = await startSystem({
      name: 'faults_pg',
      databaseServer: pg.url,
      env: { facade: { LOG_LEVEL: 'debug' } },
    });
    replica = await startGateProcess({
      facadeUrl: system.facade.url,
      databaseUrl: system.databases.gate,
      env: { GATE_CONNECTOR_TOKENS: CONNECTOR_TOKEN },
    });
  }, 180_000);

  afterAll(async () => {
    if (system) writeLogs('postgres-outage', { ...system, replica: replica?.process });
    await replica?.process.stop();
    await system?.stop();
    await pg?.destroy();
  }, 120_000);

  it('every app recovers by itself; no refresh token, registration or push is lost', async () => {
    const pids = [system.auth, system.provider, system.facade, system.gate].map((app) => app.child.pid);
    const refresh = refreshChains(system, 4);
    const registrations = await registrationLoad(system);
    const pushes = await pushLoad(system);
    const health = watchReadiness({
      auth: system.auth.url,
      provider: system.provider.url,
      gate: system.gate.url,
    });
    await refresh.started;

    await sleep(3_000);
    await pg.stop();
    const down = Date.now();
    // A client that connects while the database is away: its channel row cannot be written then.
    const lateClient = await connect<Pushes>(system.gateUrl, { WebSocket });
    await sleep(OUTAGE_MS - (Date.now() - down));
    await pg.start();
    const restarted = Date.now();
    health.restartedAt(restarted);
    await until(() => health.allReady(), 'every app to report ready again', 60_000).catch(
      (error: unknown) => {
        // Name the app that is late, so a slow recovery can be traced to its log (FAULTS_LOGS).
        throw new Error(
          `${String(error)}: ${health
            .figures()
            .map(([name, value]) => `${name} ${value}`)
            .join('; ')}`,
        );
      },
    );
    await sleep(6_000); // a replica heartbeat (5 s) after the database is back

    await refresh.loop.stop();
    await registrations.loop.stop();
    await pushes.loop.stop();
    await health.stop();

    // Every chain's newest token still works (none lost); every consumed one is refused (none usable twice).
    const lost = await refresh.lostTokens();
    const replaysAccepted = await refresh.replayConsumed();
    const listed = await registrations.listed();
    const missing = registrations.acknowledged.filter((host) => !listed.has(host));
    await until(() => pushes.received() >= pushes.expected(), 'every ticker push', 30_000).catch(
      () => undefined,
    );
    const crossReplica = await transfersThroughReplica(system, replica, [pushes.client, lateClient]);

    printFigures(`PostgreSQL stopped ${OUTAGE_MS} ms and restarted (no app restarted)`, [
      ['auth token requests', describeTally(refresh.counts)],
      ['refresh tokens issued / consumed', `${refresh.issued()} / ${refresh.consumed.length}`],
      ['refresh tokens lost', lost.length],
      ['consumed tokens replayed, accepted', `${refresh.consumed.length}, ${replaysAccepted}`],
      ['provider registrations', describeTally(registrations.counts)],
      [
        'registrations acknowledged / listed after',
        `${registrations.acknowledged.length} / ${registrations.acknowledged.length - missing.length}`,
      ],
      ['ticker pushes expected / received', `${pushes.expected()} / ${pushes.received()}`],
      ['transfers via the 2nd replica after', crossReplica.map((r) => r.delivery).join(', ')],
      ...health.figures(),
    ]);
    lateClient.close();
    pushes.client.close();

    expect(unexpectedRefusals(refresh.counts)).toEqual([]);
    expect(refresh.counts.noAnswer).toBe(0);
    expect(refresh.retryAfterMissing).toBe(0);
    expect(lost).toEqual([]);
    expect(replaysAccepted).toBe(0);
    expect(unexpectedRefusals(registrations.counts)).toEqual([]);
    expect(missing).toEqual([]);
    expect(pushes.received()).toBe(pushes.expected());
    expect(crossReplica).toEqual([
      { delivery: 'delivered', received: true },
      { delivery: 'delivered', received: true },
    ]);
    expect(health.sawOutage()).toEqual({ auth: true, provider: true, gate: true });
    expect([system.auth, system.provider, system.facade, system.gate].map((app) => app.child.pid)).toEqual(
      pids,
    );
    expect(
      [system.auth, system.provider, system.facade, system.gate].map((app) => app.child.exitCode),
    ).toEqual([null, null, null, null]);
  });
});

/**
 * `chains` logins of the public web client, each refreshing its newest token in a loop. A refusal
 * leaves the chain on the token it had: if auth consumed it anyway, the next refresh shows it lost.
 */
function refreshChains(system: GatehouseSystem, chains: number) {
  const counts = tally();
  const consumed: string[] = [];
  const newest: string[] = [];
  let retryAfterMissing = 0;
  let issued = 0;
  const token = async (params: Record<string, string>) => {
    const body = new URLSearchParams({ client_id: system.demo.webClientId, ...params });
    try {
      const res = await fetch(`${system.auth.url}/oauth/token`, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(20_000),
      });
      const json = (await res.json()) as { refresh_token?: string; error?: string };
      if (res.ok && json.refresh_token) {
        counts.ok++;
        issued++;
        return json.refresh_token;
      }
      countRefusal(counts, res.status, json.error);
      if (res.status === 503 && !res.headers.get('retry-after')) retryAfterMissing++;
    } catch {
      counts.noAnswer++;
    }
    return undefined;
  };
  const login = () =>
    token({ grant_type: 'password', username: system.demo.user, password: system.demo.password });
  const started = (async () => {
    for (let i = 0; i < chains; i++) {
      const first = await login();
      if (!first) throw new Error('login before the outage failed');
      newest.push(first);
    }
  })();
  const step = async () => {
    await started;
    await Promise.all(
      newest.map(async (current, i) => {
        const next = await token({ grant_type: 'refresh_token', refresh_token: current });
        if (next === undefined) return;
        consumed.push(current);
        newest[i] = next;
      }),
    );
  };
  return {
    counts,
    consumed,
    started,
    get retryAfterMissing() {
      return retryAfterMissing;
    },
    issued: () => issued,
    loop: loop(step, 50),
    /** Newest tokens that no longer refresh: handed out, then lost. */
    lostTokens: async () => {
      const lost: string[] = [];
      for (const [i, current] of newest.entries()) {
        const next = await token({ grant_type: 'refresh_token', refresh_token: current });
        if (next === undefined) lost.push(`chain ${i}`);
        else newest[i] = next;
      }
      return lost;
    },
    /** Replays every consumed token (after the newest ones were checked: reuse revokes a family). */
    replayConsumed: async () => {
      let accepted = 0;
      for (const old of consumed) {
        const body = new URLSearchParams({
          client_id: system.demo.webClientId,
          grant_type: 'refresh_token',
          refresh_token: old,
        });
        const res = await fetch(`${system.auth.url}/oauth/token`, { method: 'POST', body });
        if (res.ok) accepted++;
      }
      return accepted;
    },
  };
}

/** A new service instance registers every 200 ms and retries until acknowledged, as a real one would. */
async function registrationLoad(system: GatehouseSystem) {
  const admin = await system.adminToken();
  const issued = await post(
    `${system.provider.url}/admin/configuration-tokens`,
    { name: 'outage-svc', permissions: [] },
    { authorization: `Bearer ${admin}` },
  );
  const configurationToken = String(issued.body['token']);
  const counts: Tally = tally();
  const acknowledged: string[] = [];
  const services: RawService[] = [];
  let pending: RawService | undefined;
  const step = async () => {
    pending ??= await new RawService('outage-svc', system.provider.url).start();
    try {
      const answer = await pending.register(system.provider.url, configurationToken);
      // The provider answers RFC 9457 problem JSON, whose stable code is `code` (auth's OAuth bodies use `error`).
      if (answer.status !== 200) return countRefusal(counts, answer.status, answer.body['code']);
      counts.ok++;
      acknowledged.push(pending.host);
      services.push(pending);
      pending = undefined;
    } catch {
      counts.noAnswer++;
    }
  };
  const running = loop(step, 200);
  return {
    counts,
    acknowledged,
    loop: {
      stop: async () => {
        await running.stop();
        if (pending) services.push(pending);
      },
    },
    /** Hosts the provider's admin API lists as registered; the services stop afterwards. */
    listed: async () => {
      const res = await fetch(`${system.provider.url}/explorer/instances`, {
        headers: { authorization: `Bearer ${await system.adminToken()}` },
      });
      const instances = (await res.json()) as { host: string }[];
      await Promise.all(services.map((s) => s.stop()));
      return new Set(instances.map((i) => i.host));
    },
  };
}

/** A logged-in client subscribes to short tickers in a loop; every tick the facade accepted must arrive. */
async function pushLoad(system: GatehouseSystem) {
  const client = await connect<Pushes>(system.gateUrl, {
    WebSocket,
    login: { getToken: () => demoUserToken(system) },
  });
  let expected = 0;
  let received = 0;
  client.on('ticker', () => received++);
  const step = async () => {
    const answer = await client.call('subscribe', { count: 3, intervalMs: 20 }).catch(() => undefined);
    if (answer) expected += 3;
  };
  return { client, loop: loop(step, 150), expected: () => expected, received: () => received };
}

/** Pushes through the second replica to each client of the first: it finds them in the directory and NOTIFYs their holder. */
async function transfersThroughReplica(
  system: GatehouseSystem,
  replica: GateProcess,
  clients: GateClient<Pushes>[],
) {
  const db = new Client({ connectionString: system.databases.gate });
  await db.connect();
  const channels = (await db.query<{ channel_id: string }>('SELECT channel_id FROM gate_channels')).rows.map(
    (r) => r.channel_id,
  );
  await db.end();
  const seen: number[] = [];
  for (const client of clients) client.on('faults', (params) => seen.push(params.result.n));
  const results: { delivery: string; received: boolean }[] = [];
  for (const [n, channelId] of channels.entries()) {
    const res = await fetch(replica.connectorUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CONNECTOR_TOKEN}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'transfer',
        params: { channelId, method: 'faults', result: { n } },
        id: n,
      }),
    });
    const answer = (await res.json()) as { result?: { status: string }; error?: { code: number } };
    const delivered = answer.result?.status === 'OK';
    if (delivered)
      await until(() => seen.includes(n), `transfer ${n} at its client`, 5_000).catch(() => undefined);
    results.push({
      delivery: delivered ? 'delivered' : `error ${answer.error?.code}`,
      received: seen.includes(n),
    });
  }
  // Fewer rows than clients: a channel opened during the outage was never written back.
  while (results.length < clients.length) results.push({ delivery: 'no directory row', received: false });
  return results;
}

/** Polls each app's /health/ready every 100 ms: did it report the outage, and how soon was it ready again? */
function watchReadiness(apps: Record<'auth' | 'provider' | 'gate', string>) {
  const names = Object.keys(apps) as (keyof typeof apps)[];
  const notReady = { auth: false, provider: false, gate: false };
  const readyAgainMs: Partial<Record<keyof typeof apps, number>> = {};
  let restartedAt: number | undefined;
  let running = true;
  const probe = async (name: keyof typeof apps) => {
    while (running) {
      const ready = await fetch(`${apps[name]}/health/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((res) => res.ok)
        .catch(() => false);
      if (!ready && restartedAt === undefined) notReady[name] = true;
      if (ready && restartedAt !== undefined && readyAgainMs[name] === undefined)
        readyAgainMs[name] = Date.now() - restartedAt;
      await sleep(100);
    }
  };
  const probes = names.map(probe);
  return {
    restartedAt: (at: number) => (restartedAt = at),
    allReady: () => names.every((name) => readyAgainMs[name] !== undefined),
    sawOutage: () => notReady,
    stop: () => {
      running = false;
      return Promise.all(probes);
    },
    figures: (): Array<[string, string]> =>
      names.map((name) => [
        `${name} ready again after restart`,
        `${readyAgainMs[name]} ms (not ready during outage: ${notReady[name]})`,
      ]),
  };
}
