import type { CliEnvironment } from './cli-environment';
import type { Command } from './command-line';
import { ProviderAdmin } from './provider-admin';

/** A command that talks to the provider (help does not). */
export type ProviderCommand = Exclude<Command, { kind: 'help' }>;

/** Sends the command to the provider's admin API and returns its JSON answer. */
export function runCommand(command: ProviderCommand, env: CliEnvironment): Promise<unknown> {
  const admin = new ProviderAdmin(env);
  switch (command.kind) {
    case 'issue':
      return admin.call('POST', '/admin/configuration-tokens', {
        name: command.name,
        permissions: command.permissions,
        ...(command.expiresIn === undefined ? {} : { expiresIn: command.expiresIn }),
      });
    case 'list':
      return admin.call('GET', '/admin/configuration-tokens');
    case 'revoke':
      return admin.call('DELETE', `/admin/configuration-tokens/${encodeURIComponent(command.jti)}`);
  }
}
