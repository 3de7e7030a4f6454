/**
 * Where docker-compose.yml's generated secrets live: the `secrets` volume, mounted at this path in
 * every container, one folder per service that only that service's user can enter. The `init`
 * service writes them, the `tokens` service adds the configuration tokens; docker-compose.yml
 * points each app's `*_FILE` variables here (a unit test holds the two together).
 */
export const SECRETS_ROOT = '/run/gatehouse';

/** The user each app runs as in compose (`user:`), so one service cannot read another's secrets. */
export const SERVICE_USERS = {
  auth: 10001,
  'discovery-provider': 10002,
  gate: 10003,
  facade: 10004,
} as const;
export type ComposeApp = keyof typeof SERVICE_USERS;

/** Databases, each owned by a role of the same name that only its app knows the password of. */
export const DATABASES = {
  auth: 'gatehouse_auth',
  'discovery-provider': 'gatehouse_discovery',
  gate: 'gatehouse_gate',
} as const satisfies Partial<Record<ComposeApp, string>>;

/** Configuration tokens the `tokens` step issues: service -> the services it may call. */
export const CONFIGURATION_TOKENS = {
  facade: ['gate'],
  gate: ['facade', 'auth'],
} as const satisfies Partial<Record<ComposeApp, readonly string[]>>;

/** Relative paths of every file under SECRETS_ROOT, by owner ('root' = root only). */
export const SECRET_FILES = {
  postgres: ['superuser-password', ...Object.keys(DATABASES).map((app) => `${app}-password`)],
  operator: ['client-secret', 'alice-password', 'metrics-token'],
  auth: ['database-url', 'key-encryption-key', 'bootstrap.json', 'metrics-token'],
  'discovery-provider': ['database-url', 'key-encryption-key', 'auth-client-secret', 'metrics-token'],
  gate: ['database-url', 'auth-client-secret', 'configuration-token', 'metrics-token'],
  facade: ['configuration-token', 'metrics-token'],
} as const;

export const secretPath = (folder: keyof typeof SECRET_FILES, file: string): string =>
  `${SECRETS_ROOT}/${folder}/${file}`;
