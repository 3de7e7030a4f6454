import { UsageError } from './cli-errors';
import { type Command, parseCommandLine } from './command-line';

const parse = (line: string): Command => parseCommandLine(line.split(' ').filter(Boolean));
const refusal = (line: string): string => {
  try {
    parse(line);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`"${line}" was accepted`);
};

describe('the CLI command line', () => {
  it('reads each command with its arguments and options', () => {
    expect(parse('issue billing --permissions ledger,audit --expires-in 3600')).toEqual({
      kind: 'issue',
      name: 'billing',
      permissions: ['ledger', 'audit'],
      expiresIn: 3600,
    });
    expect(parse('issue geo')).toEqual({ kind: 'issue', name: 'geo', permissions: [] });
    expect(
      parseCommandLine(['issue', 'geo', '--permissions', 'a, b,', '--permissions=c', '--expires-in=60']),
    ).toEqual({
      kind: 'issue',
      name: 'geo',
      permissions: ['a', 'b', 'c'],
      expiresIn: 60,
    });
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('revoke 6f1c2a4e-0000-4000-8000-000000000000')).toEqual({
      kind: 'revoke',
      jti: '6f1c2a4e-0000-4000-8000-000000000000',
    });
  });

  it('answers --help, -h and help <command>, for the program or one command', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('-h')).toEqual({ kind: 'help' });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('help revoke')).toEqual({ kind: 'help', topic: 'revoke' });
    expect(parse('issue --help')).toEqual({ kind: 'help', topic: 'issue' });
    // Help wins over what would otherwise be refused.
    expect(parse('issue --expires-in abc -h')).toEqual({ kind: 'help', topic: 'issue' });
  });

  it('refuses an invalid lifetime: only whole seconds from 1 to ten years', () => {
    for (const bad of [
      'abc',
      '0',
      '-5',
      '1.5',
      '1e3',
      '0x10',
      '+60',
      '315360001',
      '99999999999999999999',
      ' 60',
    ]) {
      expect(() => parseCommandLine(['issue', 'geo', '--expires-in', bad])).toThrow(
        `--expires-in must be a whole number of seconds from 1 to 315360000, not "${bad}"`,
      );
    }
    expect(parse('issue geo --expires-in 315360000')).toMatchObject({ expiresIn: 315360000 });
    expect(parse('issue geo --expires-in 1')).toMatchObject({ expiresIn: 1 });
  });

  it('says in one line what is wrong with a command line', () => {
    expect(refusal('')).toBe('no command given; the commands are issue, list, revoke, help (see --help)');
    expect(refusal('bogus')).toBe(
      'unknown command "bogus"; the commands are issue, list, revoke, help (see --help)',
    );
    expect(refusal('issue')).toBe(
      'issue needs <name> (usage: gatehouse issue <name> [--permissions a,b] [--expires-in <seconds>])',
    );
    expect(refusal('revoke')).toBe('revoke needs <jti> (usage: gatehouse revoke <jti>)');
    expect(refusal('issue a b')).toMatch(/^unexpected argument "b" \(usage: gatehouse issue/);
    expect(refusal('list now')).toBe('unexpected argument "now" (usage: gatehouse list)');
    expect(refusal('list --permissions a')).toBe(
      'list takes no option --permissions (usage: gatehouse list)',
    );
    expect(refusal('list --verbose')).toBe('unknown option --verbose (see --help)');
    expect(refusal('issue geo --expires-in')).toBe('--expires-in needs a value');
    expect(refusal('issue geo --expires-in --permissions a')).toBe('--expires-in needs a value');
    expect(refusal('issue geo --expires-in 1 --expires-in 2')).toBe(
      '--expires-in is given 2 times; give it once',
    );
    expect(refusal('help bogus')).toBe('no help for "bogus": the commands are issue, list, revoke, help');
    expect(refusal('issue geo --help=yes')).toBe('--help takes no value');
    for (const line of ['', 'bogus', 'issue', 'list --x', 'issue geo --expires-in abc'])
      expect(refusal(line)).not.toContain('\n');
  });
});
