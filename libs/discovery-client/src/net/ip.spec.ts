import { normalizeIp, sameIp } from './ip';

describe('normalizeIp', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:10.0.0.7', '10.0.0.7'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['[::1]', '::1'],
    ['FE80::1%eth0', 'fe80::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    [' 10.1.2.3 ', '10.1.2.3'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each(['', 'localhost', '999.1.1.1', '1.2.3', 'not an ip', '::ffff:zz'])('refuses %p', (input) => {
    expect(normalizeIp(input)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(normalizeIp(undefined)).toBeUndefined();
    expect(normalizeIp(null)).toBeUndefined();
  });
});

describe('sameIp', () => {
  it('matches mapped and plain spellings', () => {
    expect(sameIp('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(sameIp('::1', '0:0::1')).toBe(true);
  });
  it('never matches a non-address', () => {
    expect(sameIp(undefined, undefined)).toBe(false);
    expect(sameIp('x', 'x')).toBe(false);
    expect(sameIp('127.0.0.1', '127.0.0.2')).toBe(false);
  });
});
