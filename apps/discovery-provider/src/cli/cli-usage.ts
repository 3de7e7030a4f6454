import { MAX_CONFIGURATION_TOKEN_TTL_SEC } from '../configuration-tokens/configuration-token.limits';

export const PROGRAM = 'gatehouse';

export const COMMANDS = ['issue', 'list', 'revoke', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

const SYNOPSIS: Record<CommandName, string> = {
  issue: 'issue <name> [--permissions a,b] [--expires-in <seconds>]',
  list: 'list',
  revoke: 'revoke <jti>',
  help: 'help [<command>]',
};

const SUMMARY: Record<CommandName, string> = {
  issue: 'issue a configuration token for a service',
  list: 'list the issued tokens',
  revoke: 'revoke a token and remove its instances',
  help: "this help, or a command's options",
};

const DETAILS: Record<CommandName, string> = {
  issue: `Issues a configuration token for the service <name> and prints it with its jti.
  --permissions a,b        the services <name> may call (a comma list, or the option repeated)
  --expires-in <seconds>   lifetime, a whole number from 1 to ${MAX_CONFIGURATION_TOKEN_TTL_SEC} (ten years);
                           without it the token does not expire (revoke it instead)`,
  list: 'Lists the issued configuration tokens (never the tokens themselves), revoked ones included.',
  revoke: 'Revokes the configuration token <jti> (a UUID, as `list` shows) and removes its instances.',
  help: 'Shows this help, or the help of one command.',
};

const ENVIRONMENT = `Environment:
  DISCOVERY_URL                   the provider (default http://localhost:7000)
  DISCOVERY_ADMIN_TOKEN           an access token with the admin role, or instead
  AUTH_URL, DISCOVERY_ADMIN_CLIENT_ID, DISCOVERY_ADMIN_CLIENT_SECRET
                                  a client with the admin role: the CLI asks auth for a token
                                  (client_credentials)`;

const EXIT_STATUS = `Results are JSON on stdout. Exit status: 0 done; 1 a request failed (one line on stderr);
2 the command line or the environment is wrong (one line on stderr, nothing was sent).
Through npm: npm run -s cli -- <command> (-s keeps npm's own lines out of stdout).`;

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => SYNOPSIS[c].length)) + 3;
  const commands = COMMANDS.map((c) => `  ${SYNOPSIS[c].padEnd(width)}${SUMMARY[c]}`).join('\n');
  return `Usage: ${PROGRAM} <command> [options]

Manages the configuration tokens of the discovery provider through its admin API.

Commands:
${commands}

${ENVIRONMENT}

${EXIT_STATUS}
`;
}

export function commandUsage(command: CommandName): string {
  return `Usage: ${PROGRAM} ${SYNOPSIS[command]}

${DETAILS[command]}
`;
}

export function synopsis(command: CommandName): string {
  return `${PROGRAM} ${SYNOPSIS[command]}`;
}
