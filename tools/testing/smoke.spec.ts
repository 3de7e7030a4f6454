import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignJWT } from 'jose';

@Injectable()
class Greeter {
  hello(): string {
    return 'hi';
  }
}

describe('toolchain', () => {
  it('loads ESM-only packages and Nest DI under jest', async () => {
    const mod = await Test.createTestingModule({ providers: [Greeter] }).compile();
    expect(mod.get(Greeter).hello()).toBe('hi');
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    expect(jwt.split('.')).toHaveLength(3);
  });
});
