import { AuthErrorCode } from '../../errors';
import { presentedClient } from './client-credentials';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('presentedClient', () => {
  it('reads Basic credentials, form-decoding both parts (RFC 6749 §2.3.1)', () => {
    expect(presentedClient(basic('svc%3Aa:p%40ss+word'), {})).toEqual({
      clientId: 'svc:a',
      clientSecret: 'p@ss word',
      method: 'client_secret_basic',
    });
  });

  it('reads body credentials and public clients', () => {
    expect(presentedClient(undefined, { client_id: 'a', client_secret: 's' })).toMatchObject({
      method: 'client_secret_post',
    });
    expect(presentedClient(undefined, { client_id: 'a' })).toEqual({
      clientId: 'a',
      clientSecret: undefined,
      method: 'none',
    });
  });

  it('refuses two methods at once, and a body client_id naming another client', () => {
    const code = { code: AuthErrorCode.InvalidRequest };
    expect(() => presentedClient(basic('a:s'), { client_secret: 's' })).toThrow(
      expect.objectContaining(code),
    );
    expect(() => presentedClient(basic('a:s'), { client_id: 'b' })).toThrow(expect.objectContaining(code));
    expect(presentedClient(basic('a:s'), { client_id: 'a' }).clientId).toBe('a');
  });

  it('malformed or missing credentials are invalid_client', () => {
    const code = { code: AuthErrorCode.InvalidClient };
    for (const header of [
      'Basic',
      'Basic !!',
      basic('no-colon'),
      basic(':secret'),
      basic('%E0%A4%A:x'),
      'Bearer abc',
    ]) {
      expect(() => presentedClient(header, {})).toThrow(expect.objectContaining(code));
    }
    expect(() => presentedClient(undefined, {})).toThrow(expect.objectContaining(code));
  });
});
