import { entityTag, noneMatchHits } from './conditional-get';

describe('conditional GET', () => {
  const etag = entityTag('{"keys":[]}');

  it('tags equal bodies equally and different bodies differently, as a strong quoted tag', () => {
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(entityTag('{"keys":[]}')).toBe(etag);
    expect(entityTag('{"keys":[1]}')).not.toBe(etag);
  });

  it('hits on the tag itself, its weak form, a list holding it, and *', () => {
    expect(noneMatchHits(etag, etag)).toBe(true);
    expect(noneMatchHits(`W/${etag}`, etag)).toBe(true);
    expect(noneMatchHits(`"other", ${etag}`, etag)).toBe(true);
    expect(noneMatchHits('*', etag)).toBe(true);
  });

  it('misses without the header or with other tags', () => {
    expect(noneMatchHits(undefined, etag)).toBe(false);
    expect(noneMatchHits('"other"', etag)).toBe(false);
    expect(noneMatchHits('', etag)).toBe(false);
  });
});
