import { recordingHost } from '@gatehouse/testing';
import { AuthError } from './auth.error';
import { AuthErrorCode } from './auth-error-code';
import { AuthErrorFilter, OAuthErrorFilter } from './auth-error.filter';

describe('auth error filters', () => {
  it('answers an unreachable database with 503 temporarily_unavailable and Retry-After, not a 500', () => {
    const { host, reply } = recordingHost();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    new OAuthErrorFilter().catch(Object.assign(new Error('query failed'), { driverError: refused }), host);
    expect(reply).toEqual({
      statusCode: 503,
      headers: expect.objectContaining({ 'retry-after': '5', 'cache-control': 'no-store' }),
      body: { error: 'temporarily_unavailable', error_description: expect.any(String) },
    });
  });

  it('still answers an unknown error with a 500 that says nothing of its cause', () => {
    const { host, reply } = recordingHost();
    new OAuthErrorFilter().catch(new Error('secret detail'), host);
    expect(reply.statusCode).toBe(500);
    expect(reply.body).toEqual({ error: 'server_error', error_description: 'internal error' });
    expect(reply.headers['retry-after']).toBeUndefined();
  });

  it('answers a domain error off the OAuth endpoints as problem JSON with its status from the table', () => {
    const { host, reply } = recordingHost();
    new AuthErrorFilter().catch(new AuthError(AuthErrorCode.Conflict, 'user exists'), host);
    expect(reply).toEqual({
      statusCode: 409,
      headers: expect.objectContaining({ 'content-type': 'application/problem+json' }),
      body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'user exists', code: 'conflict' },
    });
  });

  it('repeats the Basic challenge to a client that failed Basic authentication', () => {
    const { host, reply } = recordingHost({ authorization: 'Basic d2ViOndyb25n' });
    new OAuthErrorFilter().catch(AuthError.invalidClient(), host);
    expect(reply.statusCode).toBe(401);
    expect(reply.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });
});
