// Operator CLI over the admin HTTP API (the same endpoints, the same admin token):
//   npm run cli -- issue <name> [--permissions a,b] [--expires-in <seconds>]
//   npm run cli -- list
//   npm run cli -- revoke <jti>
// Environment: DISCOVERY_URL (default http://localhost:7000) and either DISCOVERY_ADMIN_TOKEN, or
// AUTH_URL + DISCOVERY_ADMIN_CLIENT_ID + DISCOVERY_ADMIN_CLIENT_SECRET (client_credentials grant).
import { parseArgs } from 'node:util';

const env = process.env;
const providerUrl = (env['DISCOVERY_URL'] ?? 'http://localhost:7000').replace(/\/+$/, '');

async function adminToken(): Promise<string> {
  if (env['DISCOVERY_ADMIN_TOKEN']) return env['DISCOVERY_ADMIN_TOKEN'];
  const [authUrl, id, secret] = [env['AUTH_URL'], env['DISCOVERY_ADMIN_CLIENT_ID'], env['DISCOVERY_ADMIN_CLIENT_SECRET']];
  if (!authUrl || !id || !secret) {
    throw new Error('set DISCOVERY_ADMIN_TOKEN, or AUTH_URL with DISCOVERY_ADMIN_CLIENT_ID and DISCOVERY_ADMIN_CLIENT_SECRET');
  }
  const res = await fetch(`${authUrl.replace(/\/+$/, '')}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`auth refused: ${body.error ?? res.status} ${body.error_description ?? ''}`);
  return body.access_token;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${providerUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await adminToken()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json()) as { error?: string; message?: string };
  if (!res.ok) throw new Error(`${res.status} ${answer.error ?? ''}: ${answer.message ?? ''}`);
  return answer;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { permissions: { type: 'string', default: '' }, 'expires-in': { type: 'string' } },
  });
  const [command, arg] = positionals;
  let result: unknown;
  switch (command) {
    case 'issue': {
      if (!arg) throw new Error('usage: issue <name> [--permissions a,b] [--expires-in <seconds>]');
      const permissions = values.permissions.split(',').map((p) => p.trim()).filter(Boolean);
      const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
      result = await call('POST', '/admin/configuration-tokens', { name: arg, permissions, ...(expiresIn ? { expiresIn } : {}) });
      break;
    }
    case 'list':
      result = await call('GET', '/admin/configuration-tokens');
      break;
    case 'revoke':
      if (!arg) throw new Error('usage: revoke <jti>');
      result = await call('DELETE', `/admin/configuration-tokens/${encodeURIComponent(arg)}`);
      break;
    default:
      throw new Error('commands: issue <name> [--permissions a,b] [--expires-in s] | list | revoke <jti>');
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
