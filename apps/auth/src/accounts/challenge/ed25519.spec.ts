import { generateKeyPairSync, sign } from 'node:crypto';
import {
  canonicalEd25519PublicKey,
  decodeEd25519Signature,
  InvalidPublicKeyError,
  verifyEd25519,
} from './ed25519';

describe('Ed25519 challenge encodings', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x!;
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const signature = sign(null, Buffer.from('sécret', 'utf8'), privateKey);

  it('accepts a raw base64url key and a PEM SPKI key, both to the same canonical form', () => {
    expect(canonicalEd25519PublicKey(raw)).toBe(raw);
    expect(canonicalEd25519PublicKey(pem)).toBe(raw);
  });

  it('rejects keys of another type or size', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    for (const bad of [
      ec,
      raw.slice(1),
      `${raw}A`,
      'not a key',
      '-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----',
      '',
    ]) {
      expect(() => canonicalEd25519PublicKey(bad)).toThrow(InvalidPublicKeyError);
    }
  });

  it('decodes base64url (padded or not) and hex signatures of 64 bytes, nothing else', () => {
    expect(decodeEd25519Signature(signature.toString('base64url'))).toEqual(signature);
    expect(decodeEd25519Signature(`${signature.toString('base64url')}==`)).toEqual(signature);
    expect(decodeEd25519Signature(signature.toString('hex'))).toEqual(signature);
    expect(decodeEd25519Signature(signature.toString('hex').toUpperCase())).toEqual(signature);
    // Standard base64 differs from base64url only where '+' or '/' occur; these bytes give both
    // (a random signature often has neither, and is then valid padded base64url).
    expect(decodeEd25519Signature(Buffer.alloc(64, 0xfb).toString('base64'))).toBeUndefined();
    expect(decodeEd25519Signature(signature.subarray(1).toString('hex'))).toBeUndefined();
    expect(decodeEd25519Signature('')).toBeUndefined();
  });

  it('verifies over the UTF-8 bytes of the secret', () => {
    expect(verifyEd25519(raw, 'sécret', signature)).toBe(true);
    expect(verifyEd25519(raw, 'secret', signature)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    expect(verifyEd25519(other, 'sécret', signature)).toBe(false);
  });
});
