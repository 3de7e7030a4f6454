const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A configuration token (unsigned: the facade only reads it) whose provider is unreachable, for
 * suites that run the facade without discovery (guard disabled, re-registration off).
 */
export function unreachableProviderToken(jti: string): string {
  const claims = { name: 'facade', provider_host: 'http://127.0.0.1:9', permissions: ['gate'], iss: jti, iat: Math.floor(Date.now() / 1000), jti };
  return `${b64({ alg: 'none' })}.${b64(claims)}.x`;
}
