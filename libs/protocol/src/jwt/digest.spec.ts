import { md5Hex, sha256Hex, timingSafeEqualString } from './digest';

describe('digest helpers', () => {
  it('md5Hex hashes the UTF-8 string (confirm, PROTOCOL.md 1.3)', () => {
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('sha256Hex gives a lowercase hex digest', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('timingSafeEqualString compares strings of any length without throwing', () => {
    expect(timingSafeEqualString('secret', 'secret')).toBe(true);
    expect(timingSafeEqualString('secret', 'secreT')).toBe(false);
    expect(timingSafeEqualString('short', 'a much longer value')).toBe(false);
    expect(timingSafeEqualString('', '')).toBe(true);
  });
});
