import { recordingHost } from '@gatehouse/testing';
import { AuthErrorFilter } from './auth-error.filter';

describe('AuthErrorFilter', () => {
  it('answers an unreachable database with 503 temporarily_unavailable and Retry-After, not a 500', () => {
    const { host, reply } = recordingHost();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    new AuthErrorFilter().catch(Object.assign(new Error('query failed'), { driverError: refused }), host);
    expect(reply).toEqual({
      statusCode: 503,
      headers: expect.objectContaining({ 'retry-after': '5', 'cache-control': 'no-store' }),
      body: { error: 'temporarily_unavailable', error_description: expect.any(String) },
    });
  });

  it('still answers an unknown error with a 500 that says nothing of its cause', () => {
    const { host, reply } = recordingHost();
    new AuthErrorFilter().catch(new Error('secret detail'), host);
    expect(reply.statusCode).toBe(500);
    expect(reply.body).toEqual({ error: 'server_error', error_description: 'internal error' });
    expect(reply.headers['retry-after']).toBeUndefined();
  });
});
