import type { Request } from 'express';
import { type AddressList, unmapIpv4 } from './address-list';

/**
 * The address a request came from: the socket's peer, or, when that peer is a trusted proxy, the
 * right-most `X-Forwarded-For` entry not added by another trusted proxy.
 */
export function clientIp(request: Request, trustedProxies: AddressList): string {
  let address = unmapIpv4(request.socket.remoteAddress ?? '');
  if (trustedProxies.size === 0 || !trustedProxies.has(address)) return address;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => unmapIpv4(h.trim()))
    .filter(Boolean);
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!trustedProxies.has(address)) return address;
  }
  return address;
}
