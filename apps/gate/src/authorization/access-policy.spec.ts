import { AnonymousMethods } from './access-policy';

describe('AnonymousMethods', () => {
  it('matches exact names and namespaces only', () => {
    const list = new AnonymousMethods(['echo', 'content.*']);
    expect(list.allows('echo')).toBe(true);
    expect(list.allows('content.get')).toBe(true);
    expect(list.allows('content')).toBe(false);
    expect(list.allows('echo2')).toBe(false);
    expect(new AnonymousMethods([]).allows('echo')).toBe(false);
  });
});
