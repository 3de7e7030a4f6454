import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, RawService, TestAuthority, type TestDatabase } from '@gatehouse/testing';
import { PROVIDER_PUBLIC_URL, providerEnv, type RunningProvider, startProvider } from './provider-app';

/** What a provider suite works with; filled in by `useProvider`'s beforeAll. */
export interface ProviderHarness {
  db: TestDatabase;
  authority: TestAuthority;
  provider: RunningProvider;
  /** An admin access token from the authority. */
  admin: string;
  /** Every raw service the suite started, in order. */
  readonly services: RawService[];
  /** Starts a raw service (PROTOCOL.md §1 only) that is stopped after the suite. */
  service(name: string): Promise<RawService>;
}

/**
 * One provider per suite on its own database, with the admin authority and the raw services the
 * suite starts, all torn down after it. Call inside `describe`.
 */
export function useProvider(prefix: string, env: Record<string, string> = {}): ProviderHarness {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const services: RawService[] = [];
  const harness = {
    services,
    service: async (name: string) => {
      const s = await new RawService(name, PROVIDER_PUBLIC_URL).start();
      services.push(s);
      return s;
    },
  } as ProviderHarness;

  beforeAll(async () => {
    harness.db = await createTestDatabase(prefix.replace(/-/g, '_'));
    harness.authority = await new TestAuthority().start();
    harness.provider = await startProvider(providerEnv(harness.db.url, harness.authority, dataDir, env));
    harness.admin = await harness.authority.token();
  });

  afterAll(async () => {
    await harness.provider?.close();
    await Promise.all(services.map((s) => s.stop()));
    await harness.authority?.stop();
    await harness.db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  return harness;
}
