import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, RawService, TestAuthority, type TestDatabase, until } from '@gatehouse/testing';
import {
  issueToken,
  PROVIDER_PUBLIC_URL,
  providerEnv,
  type RunningProvider,
  startProvider,
} from './support/provider-app';

jest.setTimeout(60_000);

describe('discovery provider: restart and replicas on one database', () => {
  let db: TestDatabase;
  let authority: TestAuthority;
  let admin: string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'discovery-rep-'));
  const services: RawService[] = [];
  const providers: RunningProvider[] = [];

  const start = async (name: string) => {
    const s = await new RawService(name, PROVIDER_PUBLIC_URL).start();
    services.push(s);
    return s;
  };
  const provider = async (extra: Record<string, string> = {}) => {
    const p = await startProvider(providerEnv(db.url, authority, dataDir, extra));
    providers.push(p);
    return p;
  };
  const outboxSize = async (): Promise<number> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query('SELECT count(*)::int AS n FROM discovery_outbox')).rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('discovery_rep');
    authority = await new TestAuthority().start();
    admin = await authority.token();
  });

  afterAll(async () => {
    for (const p of providers) await p.close().catch(() => undefined);
    await Promise.all(services.map((s) => s.stop()));
    await authority?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pushes queued by a provider that went away are delivered by the next one (outbox in PostgreSQL)', async () => {
    // This replica registers but never pushes: as if it died right after committing.
    const first = await provider({ DISCOVERY_WORKERS: 'false' });
    const tx = await issueToken(first, admin, { name: 'orders', permissions: ['billing'] });
    const ty = await issueToken(first, admin, { name: 'billing', permissions: [] });
    const [x, y] = await Promise.all([start('orders'), start('billing')]);
    expect((await x.register(first.url, tx.token)).status).toBe(200);
    expect((await y.register(first.url, ty.token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(x.updates).toHaveLength(0);
    expect(await outboxSize()).toBe(2);
    await first.close();

    await provider();
    await until(
      () => x.view?.permissions['billing'] && Object.keys(y.view?.allows ?? {}).length === 1,
      'delivery',
      10_000,
    );
    expect(y.view!.allows[x.view!.permissions['billing']!.token]).toBe('127.0.0.1');
    await until(async () => ((await outboxSize()) === 0 ? true : undefined), 'outbox drained', 5000);
  });

  it('two replicas share the registry: consistent views, one instance per key, one revision sequence', async () => {
    const [r1, r2] = [providers[1]!, await provider()];
    const jwks = await Promise.all([r1, r2].map((p) => fetch(`${p.url}/.well-known/jwks.json`)));
    expect(await jwks[0]!.json()).toEqual(await jwks[1]!.json());
    // The ETag depends on the keys alone, so a cache may revalidate against any replica.
    const etag = jwks[0]!.headers.get('etag') ?? '';
    expect(jwks[1]!.headers.get('etag')).toBe(etag);
    const revalidated = await fetch(`${r2.url}/.well-known/jwks.json`, {
      headers: { 'if-none-match': etag },
    });
    expect([revalidated.status, revalidated.headers.get('cache-control')]).toEqual([
      304,
      'public, max-age=300',
    ]);

    // A ring of six services, registered alternately through both replicas at once.
    const names = ['ring-0', 'ring-1', 'ring-2', 'ring-3', 'ring-4', 'ring-5'];
    const tokens = await Promise.all(
      names.map((name, i) =>
        issueToken(i % 2 ? r2 : r1, admin, { name, permissions: [names[(i + 1) % names.length]!] }),
      ),
    );
    const ring = await Promise.all(names.map((n) => start(n)));
    const results = await Promise.all(
      ring.map((s, i) => s.register((i % 2 ? r2 : r1).url, tokens[i]!.token)),
    );
    for (const r of results) expect(r.status).toBe(200);

    // The same proof sent to both replicas at once: one instance.
    const twin = await start('ring-0');
    const [t1, t2] = await Promise.all([
      twin.register(r1.url, tokens[0]!.token),
      twin.register(r2.url, tokens[0]!.token),
    ]);
    expect(t1.body['instanceId']).toBe(t2.body['instanceId']);

    await until(
      async () =>
        ring.every(
          (s, i) =>
            s.view?.permissions[names[(i + 1) % names.length]!] && Object.keys(s.view.allows).length >= 1,
        ) && (await outboxSize()) === 0,
      'ring to converge',
      15_000,
    );
    ring.forEach((s, i) => {
      const next = ring[(i + 1) % ring.length]!;
      const token = s.view!.permissions[names[(i + 1) % names.length]!]!.token;
      expect(next.view!.allows[token]).toBe('127.0.0.1');
      expect(s.forged).toEqual([]);
    });
    const revisions = services.flatMap((s) => s.updates.map((u) => u.revision));
    expect(new Set(revisions).size).toBe(revisions.length);
  });
});
