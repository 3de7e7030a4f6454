import { isIP } from 'node:net';

const MAPPED_V4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One spelling per address so the IP check compares like with like: IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`, as a dual-stack socket reports IPv4 peers) becomes plain IPv4, IPv6 is
 * lower-cased and compressed (WHATWG URL canonical form), zone ids are dropped. Returns undefined
 * for anything that is not an IP address.
 */
export function normalizeIp(input: string | undefined | null): string | undefined {
  if (typeof input !== 'string') return undefined;
  let ip = input.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return undefined;
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_V4.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** Whether two addresses are the same host once normalized; false when either is not an IP. */
export function sameIp(a: string | undefined, b: string | undefined): boolean {
  const left = normalizeIp(a);
  return left !== undefined && left === normalizeIp(b);
}
