import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';

/** Whether the hop at `address` (0 = the socket peer) is a reverse proxy whose headers are believed. */
export type TrustedProxies = (address: string, hop: number) => boolean;

/**
 * Compiles `*_TRUSTED_PROXIES` (addresses, CIDRs, or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`). Throws a TypeError naming a malformed entry. Express's
 * `trust proxy` and fastify's `trustProxy` take the same function, so a framework's `req.ip` and
 * `clientAddress` agree.
 */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  return proxyAddr.compile([...entries]);
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then, walking
 * `X-Forwarded-For` from the right, the first address not itself a trusted proxy (entries further
 * left are whatever the client wrote, so they are never reached past an untrusted hop). Headers
 * from an untrusted peer are ignored, and so is `X-Real-IP` from anyone: it holds one address
 * with no chain to check, and a proxy that sets it also appends to `X-Forwarded-For`.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: TrustedProxies,
): string {
  const peer = remoteAddress ?? '';
  const request = { headers, socket: { remoteAddress: peer }, connection: { remoteAddress: peer } };
  const address = unmapIpv4(proxyAddr(request as unknown as Parameters<typeof proxyAddr>[0], trusted));
  // A trusted proxy that forwarded something that is no address: count the request against the proxy.
  return isIP(address) === 0 ? unmapIpv4(peer) : address;
}

/** `::ffff:10.0.0.1` is 10.0.0.1: one spelling per client in logs, limits and envelopes. */
export function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
