import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

const TOKEN_BYTES = 32;

/** 256 random bits, base64url: the token a caller instance presents to a callee service. */
export function newPairToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * `count` tokens of `newPairToken`'s kind from one draw of the CSPRNG: a registration issues one
 * per callee (ten in the bench's graph), and each draw is a crypto job of its own.
 */
export function newPairTokens(count: number): string[] {
  const bytes = randomBytes(TOKEN_BYTES * count);
  return Array.from({ length: count }, (_, i) =>
    bytes.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url'),
  );
}

/** Issues one fresh token per callee service for a caller instance. */
export async function issuePairTokens(
  manager: EntityManager,
  callerId: string,
  callees: readonly string[],
): Promise<void> {
  if (callees.length === 0) return;
  await manager.query(
    `INSERT INTO discovery_pair_token (id, token, caller_instance_id, callee_service, created_at)
     SELECT unnest($1::uuid[]), unnest($2::varchar[]), $3, unnest($4::varchar[]), now()`,
    [callees.map(() => randomUUID()), callees.map(newPairToken), callerId, callees],
  );
}
