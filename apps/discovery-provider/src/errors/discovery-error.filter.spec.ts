import { recordingHost } from '@gatehouse/testing';
import { DiscoveryErrorFilter } from './discovery-error.filter';

describe('DiscoveryErrorFilter', () => {
  it('answers an unreachable database with 503 temporarily_unavailable and Retry-After, not a 500', () => {
    const { host, reply } = recordingHost();
    new DiscoveryErrorFilter().catch(
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      host,
    );
    expect(reply).toEqual({
      statusCode: 503,
      headers: expect.objectContaining({ 'retry-after': '5' }),
      body: { error: 'temporarily_unavailable', message: expect.any(String) },
    });
  });

  it('still answers an unknown error with a 500', () => {
    const { host, reply } = recordingHost();
    new DiscoveryErrorFilter().catch(new Error('boom'), host);
    expect(reply).toMatchObject({ statusCode: 500, body: { error: 'server_error' } });
  });
});
