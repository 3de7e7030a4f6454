import type { DataSource, Repository } from 'typeorm';
import { AuthErrorCode } from '../errors';
import { AccountsService } from './accounts.service';
import { ClientAuthCache } from './clients/client-auth-cache';
import type { ClientEntity, UserEntity } from '../database/entities';
import { ClientSecretHasher, sha256 } from './hashing/client-secret-hasher';
import { PasswordHasher } from './hashing/password-hasher';
import { backoffKey, type LoginBackoffService } from './throttling/login-backoff.service';
import { SignInLimits } from './throttling/sign-in-limits';
import { defaultThrottleSettings } from './accounts.options';

const SECRET = 'a-server-generated-secret-0123456789abcdef';
const TTL_MS = 5000;
const ADDRESS = '203.0.113.7';

/** The client authentication path over a fake database: one row for `svc`, a lockout we set. */
function setup(limits = new SignInLimits(defaultThrottleSettings)) {
  const clock = { now: 0 };
  const row = {
    client_id: 'svc',
    secret_hash: sha256(SECRET),
    secret_hash_kind: 'sha256',
    grants: ['client_credentials'],
    scopes: ['a:read'],
    roles: ['service'],
    disabled: false,
  };
  const lockout = { wait: null as number | null, hadFailures: false };
  const db = {
    query: jest.fn((sql: string, params: string[]) =>
      Promise.resolve(
        sql.includes('"clients" c')
          ? [
              {
                wait: lockout.wait,
                had_failures: lockout.hadFailures,
                ...(params[1] === 'svc' ? { ...row } : nulls),
              },
            ]
          : [],
      ),
    ),
  };
  const backoff = {
    recordFailure: jest.fn(() => Promise.resolve()),
    reset: jest.fn(() => Promise.resolve()),
  };
  const cache = new ClientAuthCache({ ttlMs: TTL_MS, maxEntries: 100, now: () => clock.now });
  const service = new AccountsService(
    db as unknown as DataSource,
    {} as Repository<UserEntity>,
    {} as Repository<ClientEntity>,
    new PasswordHasher(),
    new ClientSecretHasher(new PasswordHasher()),
    backoff as unknown as LoginBackoffService,
    cache,
    limits,
  );
  const lookups = () => db.query.mock.calls.filter(([sql]) => sql.includes('"clients" c')).length;
  return { clock, row, lockout, service, backoff, cache, lookups };
}

const nulls = {
  client_id: null,
  secret_hash: null,
  secret_hash_kind: null,
  grants: null,
  scopes: null,
  roles: null,
  disabled: null,
};

describe('AccountsService.authenticateClient with the client cache', () => {
  it('reads lockout and client in one query, then answers from memory within the TTL', async () => {
    const { service, lookups } = setup();
    await expect(service.authenticateClient('svc', SECRET, ADDRESS)).resolves.toMatchObject({
      clientId: 'svc',
      roles: ['service'],
    });
    expect(lookups()).toBe(1);
    await service.authenticateClient('svc', SECRET, ADDRESS);
    await service.authenticateClient('svc', SECRET, ADDRESS);
    expect(lookups()).toBe(1);
  });

  it('refuses a client disabled elsewhere (e.g. by another replica) once the TTL has run out', async () => {
    const { service, row, clock } = setup();
    await service.authenticateClient('svc', SECRET, ADDRESS);
    row.disabled = true; // written straight to the database: this replica's cache does not hear of it
    clock.now = TTL_MS - 1;
    await expect(service.authenticateClient('svc', SECRET, ADDRESS)).resolves.toMatchObject({
      clientId: 'svc',
    });
    clock.now = TTL_MS;
    await expect(service.authenticateClient('svc', SECRET, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
    // And it stays refused: a disabled client is never cached.
    await expect(service.authenticateClient('svc', SECRET, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
  });

  it('never caches a wrong secret as valid, and a wrong secret drops the cached right one', async () => {
    const { service, cache, lookups, backoff } = setup();
    for (let i = 0; i < 3; i++) {
      await expect(service.authenticateClient('svc', 'wrong', ADDRESS)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidClient,
      });
    }
    expect(lookups()).toBe(3); // every wrong guess goes to the database
    // A server-generated (sha256-kind) secret cannot be guessed: no backoff that could lock its owner out.
    expect(backoff.recordFailure).not.toHaveBeenCalled();
    expect(cache.size).toBe(0);

    await service.authenticateClient('svc', SECRET, ADDRESS);
    expect(cache.size).toBe(1);
    await expect(service.authenticateClient('svc', 'wrong', ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
    expect(cache.size).toBe(0);
    // So the next right secret is checked against the database (and its lockout) again.
    await service.authenticateClient('svc', SECRET, ADDRESS);
    expect(lookups()).toBe(6);
  });

  it('an unknown client is refused, never cached, and counts only against the address', async () => {
    const { service, cache, backoff } = setup();
    await expect(service.authenticateClient('nobody', SECRET, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
    expect(backoff.recordFailure).not.toHaveBeenCalled();
    expect(cache.size).toBe(0);
  });

  it('a lockout seen in the database refuses even the right secret and drops the entry', async () => {
    const { service, lockout, cache, clock } = setup();
    await service.authenticateClient('svc', SECRET, ADDRESS);
    clock.now = TTL_MS; // entry expired: the next call reads the database
    lockout.wait = 7;
    await expect(service.authenticateClient('svc', SECRET, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.TooManyRequests,
      retryAfterSec: 7,
    });
    expect(cache.size).toBe(0);
  });

  it('a success clears earlier failures (as before the cache)', async () => {
    const { service, lockout, backoff } = setup();
    lockout.hadFailures = true;
    await service.authenticateClient('svc', SECRET, ADDRESS);
    expect(backoff.reset).toHaveBeenCalledTimes(1);
  });

  it('a wrong person-chosen (argon2id) secret counts towards backoff, at that address only', async () => {
    const { service, row, backoff } = setup();
    const chosen = await new PasswordHasher().hash('chosen-secret');
    Object.assign(row, { secret_hash: chosen, secret_hash_kind: 'argon2id' });
    await expect(service.authenticateClient('svc', 'wrong', ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
    await expect(service.authenticateClient('svc', undefined, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.InvalidClient,
    });
    // The missing secret was not a guess; the wrong one was.
    expect(backoff.recordFailure).toHaveBeenCalledTimes(1);
    expect(backoff.recordFailure).toHaveBeenCalledWith(backoffKey('client', 'svc', ADDRESS));
    expect(backoffKey('client', 'svc', ADDRESS)).not.toBe(backoffKey('client', 'svc', '198.51.100.1'));
  });

  it('limits authenticated requests per client, from memory as from the database', async () => {
    const { service: limited } = setup(new SignInLimits({ ...defaultThrottleSettings, clientRatePerSec: 2 }));
    await limited.authenticateClient('svc', SECRET, ADDRESS);
    await limited.authenticateClient('svc', SECRET, '198.51.100.1');
    await expect(limited.authenticateClient('svc', SECRET, ADDRESS)).rejects.toMatchObject({
      code: AuthErrorCode.TooManyRequests,
    });
  });
});
