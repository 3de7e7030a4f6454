import { clientAddress, trustedProxies, unmapIpv4 } from './client-address';

describe('clientAddress', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '::1']);
  const from = (peer: string | undefined, headers: Record<string, string> = {}) =>
    clientAddress(peer, headers, proxies);

  it('is the socket peer when no proxy is trusted, whatever the headers say', () => {
    const none = trustedProxies([]);
    expect(clientAddress('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }, none)).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For and X-Real-IP from an untrusted peer (a spoofing client)', () => {
    expect(from('203.0.113.7', { 'x-forwarded-for': '198.51.100.1', 'x-real-ip': '198.51.100.2' })).toBe(
      '203.0.113.7',
    );
  });

  it('takes the right-most forwarded address that is not itself a trusted proxy', () => {
    expect(from('10.0.0.1', { 'x-forwarded-for': '198.51.100.9, 203.0.113.7, 10.1.2.3' })).toBe(
      '203.0.113.7',
    );
  });

  it('stops at the first untrusted hop: entries a client put further left are never believed', () => {
    expect(from('10.0.0.1', { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' })).toBe('203.0.113.7');
  });

  it('never believes X-Real-IP, even from a trusted proxy', () => {
    expect(from('10.0.0.1', { 'x-real-ip': '198.51.100.2' })).toBe('10.0.0.1');
  });

  it('ends at the left-most entry when every hop is trusted', () => {
    expect(from('10.0.0.1', { 'x-forwarded-for': '10.9.9.9, 10.0.0.2' })).toBe('10.9.9.9');
  });

  it('is the trusted peer itself when what it forwarded is no address', () => {
    expect(from('10.0.0.1', { 'x-forwarded-for': 'not-an-address' })).toBe('10.0.0.1');
  });

  it('matches IPv4-mapped IPv6 peers against IPv4 ranges and answers in IPv4', () => {
    expect(from('::ffff:10.0.0.1', { 'x-forwarded-for': '::ffff:203.0.113.7' })).toBe('203.0.113.7');
    expect(from('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(from('::1', { 'x-forwarded-for': '2001:db8::1' })).toBe('2001:db8::1');
  });

  it('is an empty string without a peer address (a destroyed socket)', () => {
    expect(from(undefined, { 'x-forwarded-for': '198.51.100.1' })).toBe('');
  });
});

describe('trustedProxies', () => {
  it('accepts addresses, CIDRs and named ranges', () => {
    const trust = trustedProxies(['192.0.2.1', '2001:db8::/32', 'loopback']);
    expect([trust('192.0.2.1', 0), trust('2001:db8::5', 0), trust('127.0.0.1', 0)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(trust('192.0.2.2', 0)).toBe(false);
  });

  it('refuses a malformed entry', () => {
    expect(() => trustedProxies(['10.0.0.0/99'])).toThrow(TypeError);
    expect(() => trustedProxies(['proxy.example'])).toThrow(TypeError);
  });
});

describe('unmapIpv4', () => {
  it('drops the IPv4-mapped prefix only from IPv4 addresses', () => {
    expect(unmapIpv4('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(unmapIpv4('::ffff:abcd')).toBe('::ffff:abcd');
    expect(unmapIpv4('2001:db8::1')).toBe('2001:db8::1');
  });
});
