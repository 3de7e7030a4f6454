import { randomBytes } from 'node:crypto';
import { keyEncryptionKeyWeakness } from './key-strength';

const b64 = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('base64');

describe('keyEncryptionKeyWeakness', () => {
  it('refuses the all-zero key of old examples and any single repeated byte', () => {
    expect(keyEncryptionKeyWeakness('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toMatch(
      /all 32 bytes are 0x00/,
    );
    expect(keyEncryptionKeyWeakness(b64(Buffer.alloc(32, 0xff)))).toMatch(/0xff/);
  });

  it('refuses keys with few distinct bytes, counting sequences and passphrases', () => {
    expect(keyEncryptionKeyWeakness(b64(Array.from({ length: 32 }, (_, i) => i % 4)))).toMatch(
      /low entropy \(only 4/,
    );
    expect(keyEncryptionKeyWeakness(b64(Array.from({ length: 32 }, (_, i) => i)))).toMatch(
      /counting sequence/,
    );
    expect(
      keyEncryptionKeyWeakness(Buffer.from('Tr0ub4dor&3-Wizard_Quick.Fox!Jmp').toString('base64')),
    ).toMatch(/printable text/);
  });

  it('refuses a key of the wrong length', () => {
    expect(keyEncryptionKeyWeakness(b64(randomBytes(16)))).toMatch(/32 bytes/);
  });

  it('accepts random keys', () => {
    for (let i = 0; i < 1000; i++)
      expect(keyEncryptionKeyWeakness(randomBytes(32).toString('base64'))).toBeUndefined();
  });
});
