import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { KeyDecryptionError, KeyEncryption } from './key-encryption';
import { loadKeyEncryption } from './load-key-encryption';

describe('KeyEncryption', () => {
  const sealer = new KeyEncryption(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealer.encrypt('-----BEGIN PRIVATE KEY-----x', 'kid-1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('PRIVATE');
    expect(sealer.decrypt(sealed, 'kid-1')).toBe('-----BEGIN PRIVATE KEY-----x');
  });

  it('uses a fresh IV each time', () => {
    expect(sealer.encrypt('x', 'k')).not.toBe(sealer.encrypt('x', 'k'));
  });

  it('refuses another id, another key, a tampered body and an unknown format', () => {
    const sealed = sealer.encrypt('secret', 'kid-1');
    expect(() => sealer.decrypt(sealed, 'kid-2')).toThrow();
    expect(() => new KeyEncryption(randomBytes(32), 'X_KEY').decrypt(sealed, 'kid-1')).toThrow(
      KeyDecryptionError,
    );
    expect(() => new KeyEncryption(randomBytes(32), 'X_KEY').decrypt(sealed, 'kid-1')).toThrow(
      /^X_KEY does not open the signing key kid-1 stored in the database: it was changed or lost/,
    );
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sealer.decrypt(parts.join('.'), 'kid-1')).toThrow();
    expect(() => sealer.decrypt('v2.a.b.c', 'kid-1')).toThrow('unrecognised');
    expect(() => new KeyEncryption(randomBytes(16))).toThrow('32 bytes');
  });
});

describe('KeyEncryption.deriveKey', () => {
  const key = randomBytes(32);

  it('is HKDF-SHA256 without salt (RFC 5869, one block): the same bytes on every replica', () => {
    const prk = createHmac('sha256', Buffer.alloc(32)).update(key).digest();
    const okm = createHmac('sha256', prk).update(Buffer.from('purpose v1\x01', 'utf8')).digest();
    expect(new KeyEncryption(key).deriveKey('purpose v1')).toEqual(okm);
    expect(new KeyEncryption(Buffer.from(key)).deriveKey('purpose v1')).toEqual(okm);
  });

  it('gives unrelated keys for another purpose or another key-encryption key', () => {
    const derived = new KeyEncryption(key).deriveKey('purpose v1');
    expect(derived).toHaveLength(32);
    expect(derived).not.toEqual(key);
    expect(new KeyEncryption(key).deriveKey('purpose v2')).not.toEqual(derived);
    expect(new KeyEncryption(randomBytes(32)).deriveKey('purpose v1')).not.toEqual(derived);
  });
});

describe('loadKeyEncryption', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-kek-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured key without touching the disk', async () => {
    const key = randomBytes(32).toString('base64');
    const warn = jest.fn();
    const file = path.join(dir, 'unused.key');
    const sealer = await loadKeyEncryption({ configured: key, variable: 'X_KEY', localFile: file, warn });
    expect(KeyEncryption.fromBase64(key).decrypt(sealer.encrypt('a', 'k'), 'k')).toBe('a');
    expect(warn).not.toHaveBeenCalled();
    expect(() => statSync(file)).toThrow();
  });

  it('generates a private local key once, warns, and reuses it', async () => {
    const file = path.join(dir, 'local', 'kek.key');
    const warn = jest.fn();
    const first = await loadKeyEncryption({
      configured: undefined,
      variable: 'X_KEY',
      localFile: file,
      warn,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadKeyEncryption({
      configured: undefined,
      variable: 'X_KEY',
      localFile: file,
      warn,
    });
    expect(second.decrypt(first.encrypt('a', 'k'), 'k')).toBe('a');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0][0])).toContain('X_KEY is not set');
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(44);
  });
});
