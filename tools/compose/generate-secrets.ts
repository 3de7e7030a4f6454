import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { chmodSync, mkdirSync } from 'node:fs';
import { argon2id, hash } from 'argon2';
import { DATABASES, type SECRET_FILES, SERVICE_USERS, type ComposeApp } from './compose-layout';
import { keepOrCreate, type Owner, privateFolder } from './secret-files';

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Every secret docker-compose.yml's system needs, generated the first time and kept every later
 * time, each in the folder of the one service that reads it (see compose-layout.ts). Returns the
 * files it created, so the caller can say what changed.
 */
export async function generateSecrets(root: string): Promise<string[]> {
  const created: string[] = [];
  mkdirSync(root, { recursive: true });
  // Every service passes through the root; each can enter only its own folder.
  chmodSync(root, 0o755);
  const folder = (name: keyof typeof SECRET_FILES, owner: Owner) => {
    const dir = path.join(root, name);
    privateFolder(dir, owner);
    return (file: (typeof SECRET_FILES)[typeof name][number], make: () => string) =>
      keepOrCreate(path.join(dir, file), owner, () => {
        created.push(`${name}/${file}`);
        return make();
      });
  };
  const uid = (app: ComposeApp) => SERVICE_USERS[app];

  const postgres = folder('postgres', undefined);
  postgres('superuser-password', () => random());
  const operator = folder('operator', undefined);
  const operatorSecret = operator('client-secret', () => random());
  const alicePassword = operator('alice-password', () => random(12));
  const metricsToken = operator('metrics-token', () => random());

  for (const [app, database] of Object.entries(DATABASES) as [keyof typeof DATABASES, string][]) {
    const password = postgres(`${app}-password`, () => random());
    const own = folder(app, uid(app));
    own('database-url', () => `postgres://${database}:${password}@postgres:5432/${database}`);
  }
  const auth = folder('auth', uid('auth'));
  auth('key-encryption-key', () => randomBytes(32).toString('base64'));
  const provider = folder('discovery-provider', uid('discovery-provider'));
  provider('key-encryption-key', () => randomBytes(32).toString('base64'));
  const providerSecret = provider('auth-client-secret', () => random());
  const gateSecret = folder('gate', uid('gate'))('auth-client-secret', () => random());
  folder('facade', uid('facade'));
  for (const app of Object.keys(SERVICE_USERS) as ComposeApp[])
    folder(app, uid(app))('metrics-token', () => metricsToken);

  // auth's own parameters (OWASP: m=19 MiB, t=2, p=1), so it never rehashes at the first login.
  const aliceHash = await hash(alicePassword, {
    type: argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  auth('bootstrap.json', () =>
    JSON.stringify(
      {
        users: [{ username: 'alice', passwordHash: aliceHash, roles: ['user'] }],
        clients: [
          // Server-generated secrets: a SHA-256 is enough for 256 random bits (see the bootstrap schema).
          {
            clientId: 'operator',
            clientSecretHash: sha256(operatorSecret),
            grants: ['client_credentials'],
            roles: ['admin'],
          },
          {
            clientId: 'gate',
            clientSecretHash: sha256(gateSecret),
            grants: ['client_credentials'],
            roles: ['gate'],
          },
          // The provider reads auth's revocation feed with it.
          {
            clientId: 'discovery-provider',
            clientSecretHash: sha256(providerSecret),
            grants: ['client_credentials'],
            roles: [],
          },
          // A browser cannot keep a secret: the web client is public.
          { clientId: 'web', grants: ['password', 'refresh_token'], roles: [] },
        ],
      },
      null,
      2,
    ),
  );
  return created;
}
