import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { MAX_URL_LENGTH } from '@gatehouse/protocol';
import { DiscoveryError } from '../errors';
import { unmapIpv4 } from '@gatehouse/platform';
import { AddressList, isCidrOrAddress } from './address-list';

export interface HostPolicyOptions {
  /** Host names (`svc.internal`, `*.svc.cluster.local`) and CIDRs a service URL may point at. */
  allowed: readonly string[];
  /** Local runs: loopback addresses count as allowed. */
  allowLoopback: boolean;
}

const LOOPBACK = new AddressList(['127.0.0.0/8', '::1/128']);
// Never a service: link-local (cloud metadata lives here), unspecified, multicast.
const NEVER = new AddressList([
  '0.0.0.0/8',
  '169.254.0.0/16',
  'fe80::/10',
  '::/128',
  '224.0.0.0/4',
  'ff00::/8',
]);

/**
 * Keeps the provider from being an SSRF proxy: URLs it calls (and hands to peers) must be http(s),
 * bounded, without credentials, and resolve only to operator-allowed addresses. The same check runs
 * again at connect time (`lookup`), so DNS that changes after registration cannot redirect a call.
 */
export class HostPolicy {
  private readonly cidrs: AddressList;
  private readonly names: string[];

  constructor(private readonly options: HostPolicyOptions) {
    this.cidrs = new AddressList(options.allowed.filter(isCidrOrAddress));
    this.names = options.allowed.filter((e) => !isCidrOrAddress(e)).map((e) => e.toLowerCase());
  }

  /** Validates a service URL; resolves its name. Throws `host_refused`. */
  async check(raw: string, field: string): Promise<URL> {
    const url = parseServiceUrl(raw, field);
    const hostname = bareHostname(url);
    const addresses = isIP(hostname) ? [hostname] : await resolveAll(hostname, field);
    for (const address of addresses) {
      if (!this.addressAllowed(hostname, address)) {
        throw DiscoveryError.hostRefused(`${field} resolves to an address outside the allow-list`);
      }
    }
    return url;
  }

  addressAllowed(hostname: string, address: string): boolean {
    const ip = unmapIpv4(address);
    if (NEVER.has(ip)) return false;
    if (LOOPBACK.has(ip)) return this.options.allowLoopback;
    return this.cidrs.has(ip) || this.nameAllowed(hostname);
  }

  /** A `net.connect` lookup that only ever yields an allowed address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => this.addressAllowed(hostname, a.address));
      if (allowed.length === 0) {
        const refused = Object.assign(new Error(`${hostname}: no allowed address`), { code: 'EHOSTREFUSED' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };

  private nameAllowed(hostname: string): boolean {
    const name = hostname.toLowerCase();
    return this.names.some((entry) =>
      entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry,
    );
  }
}

function parseServiceUrl(raw: string, field: string): URL {
  if (raw.length > MAX_URL_LENGTH)
    throw DiscoveryError.hostRefused(`${field} is longer than ${MAX_URL_LENGTH}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw DiscoveryError.hostRefused(`${field} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw DiscoveryError.hostRefused(`${field} must be http or https`);
  if (url.username || url.password) throw DiscoveryError.hostRefused(`${field} must not carry credentials`);
  if (!url.hostname) throw DiscoveryError.hostRefused(`${field} has no host`);
  return url;
}

/** `[::1]` in a URL is `::1` to the resolver. */
function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function resolveAll(hostname: string, field: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error || addresses.length === 0)
        reject(DiscoveryError.hostRefused(`${field}: host name does not resolve`));
      else resolve(addresses.map((a) => a.address));
    });
  });
}
