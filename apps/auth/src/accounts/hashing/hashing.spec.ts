import { ClientSecretHasher, sha256 } from './client-secret-hasher';
import { ConcurrencyLimit } from './concurrency-limit';
import { PasswordHasher, isArgon2idHash } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(isArgon2idHash(hash)).toBe(true);
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'wrong horse')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('treats a malformed stored hash as a failed verification', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    expect(await hasher.verifyDummy('x')).toBe(false);
  });

  it('asks to rehash weaker parameters', async () => {
    const argon2 = await import('argon2');
    const weak = await argon2.hash('pw', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(hasher.needsRehash(weak)).toBe(true);
  });

  it('runs no more argon2id jobs at once than its limit; the others wait their turn', async () => {
    const limit = new ConcurrencyLimit(1);
    const bounded = new PasswordHasher(limit);
    const hash = await bounded.hash('pw');
    const checks = Promise.all([bounded.verify(hash, 'pw'), bounded.verify(hash, 'no'), bounded.hash('pw2')]);
    expect(limit.queued).toBe(2);
    const [right, wrong, second] = await checks;
    expect([right, wrong, isArgon2idHash(second)]).toEqual([true, false, true]);
    expect(limit.queued).toBe(0);
  });
});

describe('ClientSecretHasher', () => {
  const hasher = new ClientSecretHasher(new PasswordHasher());

  it('generates 256-bit secrets stored as SHA-256', async () => {
    const { secret, stored } = hasher.generate();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(stored).toEqual({ hash: sha256(secret), kind: 'sha256' });
    expect(await hasher.verify(stored, secret)).toBe(true);
    expect(await hasher.verify(stored, `${secret}x`)).toBe(false);
    expect(await hasher.verify({ hash: 'zz', kind: 'sha256' }, secret)).toBe(false);
  });

  it('stores human-chosen secrets with argon2id', async () => {
    const stored = await hasher.hashChosen('hunter2');
    expect(stored.kind).toBe('argon2id');
    expect(await hasher.verify(stored, 'hunter2')).toBe(true);
    expect(await hasher.verify(stored, 'hunter3')).toBe(false);
  });

  it('recognises the kind of a configured hash', async () => {
    expect(hasher.kindOf(sha256('x'))).toBe('sha256');
    expect(hasher.kindOf((await hasher.hashChosen('x')).hash)).toBe('argon2id');
    expect(hasher.kindOf('$2b$10$bcrypt')).toBeUndefined();
    expect(hasher.kindOf(sha256('x').toUpperCase())).toBeUndefined();
  });
});
