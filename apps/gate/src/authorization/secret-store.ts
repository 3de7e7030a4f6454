import { randomFillSync } from 'node:crypto';
import { timingSafeEqualString } from '@gatehouse/protocol';

/** Outstanding secrets per connection: a client asking for more only replaces its oldest. */
const MAX_OUTSTANDING = 4;
const SECRET_BYTES = 32;

/**
 * Secrets come from a pool of CSPRNG bytes refilled 128 secrets at a time: one `randomBytes(32)`
 * per secret cost ~10% of the gate's CPU on a `auth.generateSecret` loop (one OpenSSL call and one
 * Buffer per secret). Every byte is handed out once, never reused.
 */
const POOL_BYTES = SECRET_BYTES * 128;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomSecret(): string {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const secret = pool.toString('base64url', poolOffset, poolOffset + SECRET_BYTES);
  poolOffset += SECRET_BYTES;
  return secret;
}

interface Issued {
  secret: string;
  expiresAt: number;
}

/**
 * The challenge secrets one connection was given (PROTOCOL.md 3.2): a secret is valid only on the
 * connection it was issued to, only once, and only until it expires, so a secret seen by someone
 * else (a log, a proxy) cannot be replayed on another connection or later.
 */
export class SecretStore {
  private readonly issued: Issued[] = [];

  constructor(private readonly ttlMs: number) {}

  issue(now: number): string {
    const secret = randomSecret();
    const entry: Issued = { secret, expiresAt: now + this.ttlMs };
    if (this.issued.length < MAX_OUTSTANDING) {
      this.issued.push(entry);
      return secret;
    }
    // Full: the entry expiring first is the oldest (one TTL for all), and an expired one if any.
    let oldest = 0;
    for (let i = 1; i < this.issued.length; i++)
      if (this.issued[i]!.expiresAt < this.issued[oldest]!.expiresAt) oldest = i;
    this.issued[oldest] = entry;
    return secret;
  }

  /** True once for a live secret of this store; the secret is gone afterwards either way. */
  consume(secret: string, now: number): boolean {
    const index = this.issued.findIndex((s) => timingSafeEqualString(s.secret, secret));
    if (index < 0) return false;
    const [found] = this.issued.splice(index, 1);
    return found!.expiresAt > now;
  }

  get size(): number {
    return this.issued.length;
  }
}
