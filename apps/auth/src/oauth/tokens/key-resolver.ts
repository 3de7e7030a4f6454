import { errors, type JWTVerifyGetKey } from 'jose';
import type { KeyRing } from '../../keys';

/** Verifies our own tokens against the key ring, rereading the keys once on an unknown kid. */
export function ringResolver(ring: KeyRing): JWTVerifyGetKey {
  return async (header) => {
    const key = header.kid === undefined ? undefined : await ring.verificationKey(header.kid);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  };
}
