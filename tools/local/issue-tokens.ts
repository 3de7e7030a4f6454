import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { issueConfigurationToken, operatorToken } from './operator';

/**
 * One-shot operator step for docker-compose: an admin token from auth, then the configuration
 * tokens of the facade and the gate, written as files the two services read at start.
 * Usage: node dist/tools/local/issue-tokens.js <dir>; env AUTH_URL, PROVIDER_URL, OPERATOR_ID, OPERATOR_SECRET.
 */
async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/tokens';
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const admin = await operatorToken(env('AUTH_URL'), env('OPERATOR_ID'), env('OPERATOR_SECRET'));
  mkdirSync(dir, { recursive: true });
  const tokens = { facade: ['gate'], gate: ['facade', 'auth'] };
  for (const [name, permissions] of Object.entries(tokens)) {
    writeFileSync(path.join(dir, name), await issueConfigurationToken(env('PROVIDER_URL'), admin, name, permissions));
  }
  process.stdout.write(`configuration tokens written to ${dir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`issue-tokens failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
