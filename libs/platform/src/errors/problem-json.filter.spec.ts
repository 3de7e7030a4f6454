import { recordingHost } from '@gatehouse/testing';
import { ProblemJsonFilter } from './problem-json.filter';

describe('ProblemJsonFilter', () => {
  const filter = new ProblemJsonFilter();

  it('answers an unreachable database with a 503 problem and Retry-After, not a 500', () => {
    const { host, reply } = recordingHost();
    filter.catch(new Error('Connection terminated unexpectedly'), host);
    expect(reply).toEqual({
      statusCode: 503,
      headers: expect.objectContaining({ 'retry-after': '5', 'content-type': 'application/problem+json' }),
      body: expect.objectContaining({ status: 503, code: 'temporarily_unavailable' }),
    });
  });

  it('still answers an unknown error with a 500 problem', () => {
    const { host, reply } = recordingHost();
    filter.catch(new Error('boom'), host);
    expect(reply).toMatchObject({ statusCode: 500, body: { code: 'internal_error' } });
  });
});
