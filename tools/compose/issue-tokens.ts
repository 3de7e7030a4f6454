import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type ConfigurationTokenSummary,
  issueConfigurationToken,
  listConfigurationTokens,
  operatorToken,
  revokeConfigurationToken,
} from '../local/operator';
import { CONFIGURATION_TOKENS, SERVICE_USERS } from './compose-layout';
import { writeSecret } from './secret-files';

/**
 * The `tokens` step of docker-compose.yml, run as root once auth and the provider are healthy: the
 * configuration tokens of the facade and the gate, each written into its service's own folder.
 * Idempotent: a token already written and still valid at the provider is kept, so a retry or a
 * second `up` issues nothing new; a token that could not be written is revoked at once. Usage: node dist/tools/compose/issue-tokens.js <secrets root>; env AUTH_URL, PROVIDER_URL.
 */
async function main(root: string): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const providerUrl = env('PROVIDER_URL');
  const operatorSecret = readFileSync(path.join(root, 'operator', 'client-secret'), 'utf8');
  const admin = await operatorToken(env('AUTH_URL'), 'operator', operatorSecret);
  const known = await listConfigurationTokens(providerUrl, admin);
  for (const [service, permissions] of Object.entries(CONFIGURATION_TOKENS) as [
    keyof typeof CONFIGURATION_TOKENS,
    readonly string[],
  ][]) {
    const file = path.join(root, service, 'configuration-token');
    const current = existsSync(file) ? jtiOf(readFileSync(file, 'utf8')) : undefined;
    if (current !== undefined && isLive(known.find((t) => t.jti === current))) {
      process.stdout.write(`${service}: keeping configuration token ${current}\n`);
      continue;
    }
    const token = await issueConfigurationToken(providerUrl, admin, service, [...permissions]);
    try {
      writeSecret(file, token, SERVICE_USERS[service]);
    } catch (error) {
      await revokeConfigurationToken(providerUrl, admin, jtiOf(token)!);
      throw error;
    }
    process.stdout.write(`${service}: issued configuration token ${jtiOf(token)}\n`);
  }
}

function jtiOf(jwt: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      jti?: unknown;
    };
    return typeof claims.jti === 'string' ? claims.jti : undefined;
  } catch {
    return undefined;
  }
}

function isLive(token: ConfigurationTokenSummary | undefined): boolean {
  return (
    token !== undefined &&
    token.revokedAt === null &&
    (token.expiresAt === null || Date.parse(token.expiresAt) > Date.now())
  );
}

main(process.argv[2] ?? '/run/gatehouse').catch((error: unknown) => {
  process.stderr.write(`issue-tokens failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
