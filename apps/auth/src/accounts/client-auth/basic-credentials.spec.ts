import { parseBasicCredentials } from './basic-credentials';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('parseBasicCredentials', () => {
  it('reads form-urlencoded id and secret', () => {
    expect(parseBasicCredentials(basic('gate:s3cr%3At+x'))).toEqual({
      clientId: 'gate',
      clientSecret: 's3cr:t x',
    });
    expect(parseBasicCredentials(basic('gate:a:b'))).toEqual({ clientId: 'gate', clientSecret: 'a:b' });
  });

  it('refuses what is not Basic credentials', () => {
    for (const header of [
      undefined,
      '',
      'Bearer abc',
      'Basic',
      'Basic !!',
      basic('no-colon'),
      basic(':secret'),
      basic('id:%zz'),
    ]) {
      expect(parseBasicCredentials(header)).toBeUndefined();
    }
  });
});
