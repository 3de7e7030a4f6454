import { BlockList, isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';

/** Addresses and CIDRs of the reverse proxies whose forwarding headers are believed. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** `::ffff:10.0.0.1` is 10.0.0.1: one spelling per client in logs and envelopes. */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy. Then the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (entries to its left are
 * client-supplied and forgeable), else X-Real-IP. Headers from anyone else are ignored: a client
 * could otherwise choose the address the facade is told (`meta.clientRequestIp`) and trusts.
 */
export function resolveClientIp(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: BlockList,
): string {
  const peer = normalizeIp(remoteAddress ?? '');
  if (!isTrusted(trusted, peer)) return peer;
  const forwarded = headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((s) => normalizeIp(s.trim()))
    .filter((s) => isIP(s) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(trusted, hops[i]!)) return hops[i]!;
  }
  const real = headers['x-real-ip'];
  const realIp = typeof real === 'string' ? normalizeIp(real.trim()) : '';
  if (isIP(realIp) !== 0) return realIp;
  return hops[0] ?? peer;
}
