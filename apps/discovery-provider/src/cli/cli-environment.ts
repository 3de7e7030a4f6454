import { UsageError } from './cli-errors';

/** How the CLI proves it is an admin: a token it is given, or a client it gets one for. */
export type AdminCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'client'; authUrl: string; clientId: string; clientSecret: string };

export interface CliEnvironment {
  providerUrl: string;
  credentials: AdminCredentials;
}

const CLIENT_VARIABLES = ['AUTH_URL', 'DISCOVERY_ADMIN_CLIENT_ID', 'DISCOVERY_ADMIN_CLIENT_SECRET'] as const;

/** Reads the CLI's variables; a missing or malformed one is a UsageError naming it. */
export function readCliEnvironment(env: NodeJS.ProcessEnv): CliEnvironment {
  const providerUrl = httpUrl('DISCOVERY_URL', env['DISCOVERY_URL'] || 'http://localhost:7000');
  const token = env['DISCOVERY_ADMIN_TOKEN'];
  if (token) return { providerUrl, credentials: { kind: 'token', token } };
  const missing = CLIENT_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UsageError(
      `set DISCOVERY_ADMIN_TOKEN, or ${CLIENT_VARIABLES.join(', ')} (missing: ${missing.join(', ')})`,
    );
  }
  return {
    providerUrl,
    credentials: {
      kind: 'client',
      authUrl: httpUrl('AUTH_URL', env['AUTH_URL']!),
      clientId: env['DISCOVERY_ADMIN_CLIENT_ID']!,
      clientSecret: env['DISCOVERY_ADMIN_CLIENT_SECRET']!,
    },
  };
}

/** The URL without trailing slashes, so that paths append cleanly. */
function httpUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${variable} must be an http(s) URL, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${variable} must be an http(s) URL, not "${value}"`);
  }
  return value.replace(/\/+$/, '');
}
