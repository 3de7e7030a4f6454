import { AuthErrorCode } from '../../errors';
import { resolveScope } from './scope';

describe('resolveScope', () => {
  const allowed = ['a:read', 'a:write'];

  it('defaults to everything allowed', () => {
    expect(resolveScope(undefined, allowed)).toEqual(allowed);
  });

  it('grants a subset, deduplicated, ignoring extra spaces', () => {
    expect(resolveScope(' a:read  a:read ', allowed)).toEqual(['a:read']);
  });

  it('refuses scopes outside the allowed set and malformed scope tokens', () => {
    expect(() => resolveScope('a:read admin', allowed)).toThrow(
      expect.objectContaining({ code: AuthErrorCode.InvalidScope }),
    );
    expect(() => resolveScope('a\\b', ['a\\b'])).toThrow(
      expect.objectContaining({ code: AuthErrorCode.InvalidScope }),
    );
  });
});
