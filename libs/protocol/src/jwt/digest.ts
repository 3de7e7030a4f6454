import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * md5 hex of the signature string's UTF-8 bytes (PROTOCOL.md 1.3). md5 is kept for wire
 * compatibility only: it names a 256-bit random key in the confirm call, it protects nothing.
 */
export function md5Hex(signature: string): string {
  return createHash('md5').update(signature, 'utf8').digest('hex');
}

/** Hex SHA-256 of a body, as carried in the update token's `sha256` claim. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Constant-time string comparison. Hashing both sides first gives equal-length inputs, so neither
 * the content nor the length of the secret leaks through timing (timingSafeEqual alone throws on
 * different lengths, which is itself a length oracle).
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
