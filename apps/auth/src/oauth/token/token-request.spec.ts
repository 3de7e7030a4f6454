import { AuthErrorCode } from '../../errors';
import { parseTokenRequest } from './token-request';

const code = (c: AuthErrorCode) => expect.objectContaining({ code: c });

describe('parseTokenRequest', () => {
  it('accepts each grant with its own parameters', () => {
    expect(parseTokenRequest({ grant_type: 'client_credentials', scope: 'a' })).toEqual({
      grant_type: 'client_credentials',
      scope: 'a',
    });
    expect(parseTokenRequest({ grant_type: 'password', username: 'u', password: 'p' })).toMatchObject({
      username: 'u',
    });
    expect(parseTokenRequest({ grant_type: 'refresh_token', refresh_token: 'r' })).toMatchObject({
      refresh_token: 'r',
    });
  });

  it('invalid_request for missing, repeated or non-string parameters and non-object bodies', () => {
    for (const body of [
      undefined,
      null,
      'x',
      [],
      {},
      { grant_type: ['password'] },
      { grant_type: 'password', username: 'u' },
      { grant_type: 'client_credentials', scope: 1 },
    ]) {
      expect(() => parseTokenRequest(body)).toThrow(code(AuthErrorCode.InvalidRequest));
    }
  });

  it('unsupported_grant_type for grants we do not implement, including prototype names', () => {
    for (const grant of ['authorization_code', 'implicit', '__proto__', 'toString']) {
      expect(() => parseTokenRequest({ grant_type: grant })).toThrow(
        code(AuthErrorCode.UnsupportedGrantType),
      );
    }
  });

  it('treats a parameter sent without a value as omitted (RFC 6749 3.1), as forms send every field', () => {
    expect(
      parseTokenRequest({
        grant_type: 'client_credentials',
        client_id: '',
        client_secret: '',
        scope: '',
        username: '',
      }),
    ).toEqual({
      grant_type: 'client_credentials',
    });
    expect(() => parseTokenRequest({ grant_type: '' })).toThrow(code(AuthErrorCode.InvalidRequest));
    expect(() => parseTokenRequest({ grant_type: 'password', username: 'u', password: '' })).toThrow(
      code(AuthErrorCode.InvalidRequest),
    );
  });
});
