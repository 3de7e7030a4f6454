/** Signs the gate's challenge `secret`; returns the `sign` string `auth.authorize` carries. */
export type Signer = (secret: string) => Promise<string>;

/**
 * The WebCrypto calls the signer makes (`crypto.subtle` of browsers and Node). Declared here rather
 * than taken from the DOM or Node typings, so the library compiles under either.
 */
export interface Ed25519Subtle {
  importKey(
    format: 'pkcs8',
    data: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    usages: ['sign'],
  ): Promise<object>;
  sign(algorithm: { name: 'Ed25519' }, key: never, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/**
 * A challenge signer on WebCrypto Ed25519 (browsers that have it, and Node): the 64-byte signature
 * over the UTF-8 bytes of the secret, base64url without padding, as auth's `/challenge/verify`
 * accepts. `key` is a private `CryptoKey`, or PKCS#8 as bytes or PEM (imported not extractable).
 */
export async function ed25519Signer(
  key: object | string,
  subtle: Ed25519Subtle = (globalThis as unknown as { crypto: { subtle: Ed25519Subtle } }).crypto.subtle,
): Promise<Signer> {
  const pkcs8 =
    typeof key === 'string' ? pemBytes(key) : key instanceof Uint8Array ? new Uint8Array(key) : undefined;
  const privateKey = pkcs8
    ? await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign'])
    : key;
  return async (secret) =>
    base64url(
      new Uint8Array(
        await subtle.sign({ name: 'Ed25519' }, privateKey as never, new TextEncoder().encode(secret)),
      ),
    );
}

function pemBytes(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
