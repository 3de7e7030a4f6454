import { recordingHost } from '@gatehouse/testing';
import { DiscoveryError } from './discovery.error';
import { DiscoveryErrorCode } from './discovery-error-code';
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
      headers: expect.objectContaining({ 'retry-after': '5', 'content-type': 'application/problem+json' }),
      body: expect.objectContaining({
        status: 503,
        code: 'temporarily_unavailable',
        detail: expect.any(String),
      }),
    });
  });

  it('answers a domain error with the status of its code', () => {
    const { host, reply } = recordingHost();
    new DiscoveryErrorFilter().catch(
      new DiscoveryError(DiscoveryErrorCode.ConfirmTimeout, 'no answer'),
      host,
    );
    expect(reply).toMatchObject({
      statusCode: 504,
      body: {
        type: 'about:blank',
        title: 'Gateway Timeout',
        status: 504,
        code: 'confirm_timeout',
        detail: 'no answer',
      },
    });
  });

  it('still answers an unknown error with a 500', () => {
    const { host, reply } = recordingHost();
    new DiscoveryErrorFilter().catch(new Error('boom'), host);
    expect(reply).toMatchObject({ statusCode: 500, body: { code: 'internal_error' } });
  });
});
