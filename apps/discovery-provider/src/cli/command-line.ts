import { parseArgs } from 'node:util';
import { MAX_CONFIGURATION_TOKEN_TTL_SEC } from '../configuration-tokens/configuration-token.limits';
import { UsageError } from './cli-errors';
import { COMMANDS, type CommandName, synopsis } from './cli-usage';

/** What the operator asked for, checked: a command here is one the provider can be sent. */
export type Command =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'issue'; name: string; permissions: string[]; expiresIn?: number }
  | { kind: 'list' }
  | { kind: 'revoke'; jti: string };

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  permissions: { type: 'string', multiple: true },
  'expires-in': { type: 'string' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** The options each command takes besides --help. */
const TAKES: Record<CommandName, readonly OptionName[]> = {
  issue: ['permissions', 'expires-in'],
  list: [],
  revoke: [],
  help: [],
};

const PROGRAM_HELP = 'see --help';

interface Option {
  name: OptionName;
  raw: string;
  value?: string;
}

/**
 * Parses argv (without node and the script). Every mistake is a UsageError of one line naming the
 * argument and what was expected; --help and -h win over everything but an unknown command.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const { positionals, options } = split(argv);
  const [command, ...rest] = positionals;
  if (command !== undefined && !isCommand(command)) {
    throw new UsageError(
      `unknown command "${command}"; the commands are ${COMMANDS.join(', ')} (${PROGRAM_HELP})`,
    );
  }
  if (options.some((o) => o.name === 'help'))
    return command === undefined || command === 'help' ? { kind: 'help' } : { kind: 'help', topic: command };
  if (command === undefined)
    throw new UsageError(`no command given; the commands are ${COMMANDS.join(', ')} (${PROGRAM_HELP})`);
  for (const option of options) {
    if (!TAKES[command].includes(option.name))
      throw new UsageError(`${command} takes no option ${option.raw} (usage: ${synopsis(command)})`);
  }
  switch (command) {
    case 'help': {
      const [topic] = expectArguments(command, rest, [], 1);
      if (topic !== undefined && !isCommand(topic))
        throw new UsageError(`no help for "${topic}": the commands are ${COMMANDS.join(', ')}`);
      return topic === undefined ? { kind: 'help' } : { kind: 'help', topic };
    }
    case 'issue': {
      const [name] = expectArguments(command, rest, ['<name>']);
      const expiresIn = single(options, 'expires-in');
      return {
        kind: 'issue',
        name: name!,
        permissions: options
          .filter((o) => o.name === 'permissions')
          .flatMap((o) => o.value!.split(','))
          .map((p) => p.trim())
          .filter(Boolean),
        ...(expiresIn === undefined
          ? {}
          : { expiresIn: seconds('--expires-in', expiresIn, MAX_CONFIGURATION_TOKEN_TTL_SEC) }),
      };
    }
    case 'list':
      expectArguments(command, rest, []);
      return { kind: 'list' };
    case 'revoke': {
      const [jti] = expectArguments(command, rest, ['<jti>']);
      return { kind: 'revoke', jti: jti! };
    }
  }
}

function split(argv: readonly string[]): { positionals: string[]; options: Option[] } {
  // Not strict: node's own messages for unknown options or missing values are long and name no
  // command, so each case is checked below and said in one line.
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const options: Option[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (!isOption(token.name)) throw new UsageError(`unknown option ${token.rawName} (${PROGRAM_HELP})`);
    const takesValue = OPTIONS[token.name].type === 'string';
    // `--expires-in --permissions a` would otherwise read "--permissions" as the lifetime.
    const missing = token.value === undefined || (!token.inlineValue && token.value.startsWith('--'));
    if (takesValue && missing) throw new UsageError(`${token.rawName} needs a value`);
    if (!takesValue && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    options.push({
      name: token.name,
      raw: token.rawName,
      ...(token.value === undefined ? {} : { value: token.value }),
    });
  }
  return { positionals, options };
}

/** The command's arguments: each of `required` (named as in its usage), then up to `optional` more. */
function expectArguments(
  command: CommandName,
  args: string[],
  required: string[],
  optional = 0,
): (string | undefined)[] {
  const max = required.length + optional;
  if (args.length > max)
    throw new UsageError(`unexpected argument "${args[max]}" (usage: ${synopsis(command)})`);
  const missing = required.findIndex((_, i) => (args[i] ?? '').trim() === '');
  if (missing >= 0)
    throw new UsageError(`${command} needs ${required[missing]} (usage: ${synopsis(command)})`);
  return args;
}

function single(options: Option[], name: OptionName): string | undefined {
  const given = options.filter((o) => o.name === name);
  if (given.length > 1) throw new UsageError(`--${name} is given ${given.length} times; give it once`);
  return given[0]?.value;
}

/** A whole number of seconds in 1..max, written in plain digits (no 1e3, 0x10, 2.0 or -5). */
function seconds(option: string, raw: string, max: number): number {
  const value = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) {
    throw new UsageError(`${option} must be a whole number of seconds from 1 to ${max}, not "${raw}"`);
  }
  return value;
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

function isOption(value: string): value is OptionName {
  return Object.hasOwn(OPTIONS, value);
}
