// The guard's access-token check beside raw `jose`, in the bench process: no HTTP, one cached key.
// Part of `npm run bench:auth` (`BENCH_SCENARIOS=verify`). Prints figures, never asserts.
import { KeyObject, randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { AccessTokenVerifier, RevocationList, signTokenSync } from '@gatehouse/protocol';

const ISSUER = 'http://auth.bench';
const AUDIENCE = 'http://resource.bench';
// Tokens in flight, as a busy guard has them (WebCrypto verification is asynchronous on both sides).
const IN_FLIGHT = 32;
// Revoked tokens in the list: a lookup must cost the same with many as with none.
const REVOKED = 10_000;

export interface VerifyFigures {
  rawPerSec: number;
  guardPerSec: number;
}

/** Alternates raw `jwtVerify` and `AccessTokenVerifier.verify` for `rounds` slices of `sliceMs` each. */
export async function measureVerification(sliceMs: number, rounds: number): Promise<VerifyFigures> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const token = signTokenSync(
    'access',
    { sub: 'bench-svc', sub_type: 'client', client_id: 'bench-svc', roles: ['service'], scope: 'a:read' },
    { kid: 'bench', alg: 'ES256', key: KeyObject.from(privateKey) },
    { issuer: ISSUER, audience: AUDIENCE, expiresInSec: 900, jti: randomUUID() },
  );
  const revocations = new RevocationList({
    source: async () => ({
      snapshot: { jti: Array.from({ length: REVOKED }, () => randomUUID()), users: [], clients: [] },
      etag: '1',
    }),
    pollMs: 60_000,
  });
  await revocations.refresh();
  // The guard's keys as production holds them once its JWKS is fetched (createRemoteJWKSet's cache is a local set).
  const guard = new AccessTokenVerifier({
    keys: createLocalJWKSet({ keys: [jwk] }),
    issuer: ISSUER,
    audience: AUDIENCE,
    revocations,
  });
  const raw = () =>
    jwtVerify(token, publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] });
  const checked = () => guard.verify(token);

  const totals = { raw: { n: 0, ms: 0 }, guard: { n: 0, ms: 0 } };
  await slice(raw, sliceMs);
  await slice(checked, sliceMs);
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 === 0 ? (['raw', 'guard'] as const) : (['guard', 'raw'] as const)) {
      const done = await slice(side === 'raw' ? raw : checked, sliceMs);
      totals[side].n += done.n;
      totals[side].ms += done.ms;
    }
  }
  revocations.stop();
  return {
    rawPerSec: (totals.raw.n / totals.raw.ms) * 1000,
    guardPerSec: (totals.guard.n / totals.guard.ms) * 1000,
  };
}

async function slice(verify: () => Promise<unknown>, ms: number): Promise<{ n: number; ms: number }> {
  const started = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() - started < ms) {
        await verify();
        n++;
      }
    }),
  );
  return { n, ms: performance.now() - started };
}
