import { generateKeyPairSync, verify } from 'node:crypto';
import { ed25519Signer } from './ed25519-signer';

describe('ed25519Signer (WebCrypto)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const secret = 'Zm9v-secret_from-the-gate';
  const verifies = (sign: string) =>
    verify(null, Buffer.from(secret, 'utf8'), publicKey, Buffer.from(sign, 'base64url'));

  it('signs the UTF-8 secret as 86 base64url characters, with a PEM key', async () => {
    const sign = await (
      await ed25519Signer(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())
    )(secret);
    expect(sign).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifies(sign)).toBe(true);
  });

  it('takes PKCS#8 bytes or a CryptoKey too', async () => {
    const der = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
    expect(verifies(await (await ed25519Signer(der))(secret))).toBe(true);
    const key = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, false, ['sign']);
    expect(verifies(await (await ed25519Signer(key))(secret))).toBe(true);
  });

  it('refuses a key that is not Ed25519 PKCS#8', async () => {
    await expect(
      ed25519Signer('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    ).rejects.toThrow();
  });
});
