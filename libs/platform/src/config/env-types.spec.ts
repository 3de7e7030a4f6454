import { z } from 'zod';
import { envOrigins } from './env-types';

describe('envOrigins', () => {
  const schema = z.object({ ORIGINS: envOrigins() });

  it('reads a comma list of exact origins; empty or unset is none', () => {
    expect(schema.parse({ ORIGINS: 'http://127.0.0.1:8090, https://app.example' }).ORIGINS).toEqual([
      'http://127.0.0.1:8090',
      'https://app.example',
    ]);
    expect(schema.parse({ ORIGINS: '' }).ORIGINS).toEqual([]);
    expect(schema.parse({}).ORIGINS).toEqual([]);
  });

  it.each(['https://app.example/', 'https://app.example/login', 'app.example', 'ftp://app.example', '*'])(
    'refuses %s',
    (value) => {
      expect(schema.safeParse({ ORIGINS: value }).success).toBe(false);
    },
  );
});
