/**
 * Why a key-encryption key (base64 of 32 bytes) is too weak to protect signing keys, or
 * undefined. 32 random bytes show about 30 distinct values and are almost never all printable;
 * keys typed by hand or copied from an example (all zeros, a counting sequence, a passphrase)
 * fail these checks, while a random key fails them with a probability below 1e-13.
 */
export function keyEncryptionKeyWeakness(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32) return 'not base64 of exactly 32 bytes';
  const distinct = new Set(bytes).size;
  if (distinct === 1)
    return `all 32 bytes are 0x${bytes[0]!.toString(16).padStart(2, '0')}; generate a random key (openssl rand -base64 32)`;
  if (distinct < 20)
    return `low entropy (only ${distinct} distinct byte values); generate a random key (openssl rand -base64 32)`;
  const step = (bytes[1]! - bytes[0]! + 256) % 256;
  if (bytes.every((b, i) => i === 0 || (b - bytes[i - 1]! + 256) % 256 === step))
    return 'a counting sequence, not a random key';
  if (bytes.every((b) => b >= 0x20 && b <= 0x7e))
    return 'printable text, not random bytes; generate a random key (openssl rand -base64 32)';
  return undefined;
}
