import { BlockList, isIP } from 'node:net';
import { unmapIpv4 } from '@gatehouse/platform';

/** A set of addresses and CIDRs (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`). */
export class AddressList {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = isIP(address ?? '');
      if (!address || family === 0) throw new Error(`not an address or CIDR: ${entry}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export function isCidrOrAddress(entry: string): boolean {
  return isIP(entry.split('/')[0] ?? '') !== 0;
}
