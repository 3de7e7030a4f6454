import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Secrets of a local run: made once under the data folder, reused by every later `npm start`. */
export interface LocalSecrets {
  authKeyEncryptionKey: string;
  discoveryKeyEncryptionKey: string;
  demoPassword: string;
  demoClientSecret: string;
  adminClientSecret: string;
  gateClientSecret: string;
  /** The discovery provider's client at auth (reads the revocation feed). */
  providerClientSecret: string;
  /** Ed25519 key pair of the demo user, for the challenge-signature login (examples/). */
  demoUserPublicKey: string;
  demoUserPrivateKeyPem: string;
}

/**
 * Writes a file only its owner can read. `mode` applies only when a file is created, so an
 * existing file (made by an older version, or by hand under a loose umask) is chmod-ed as well.
 */
export function writePrivateFile(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function loadLocalSecrets(dir: string): LocalSecrets {
  const file = path.join(dir, 'secrets.json');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets> &
      Omit<LocalSecrets, 'providerClientSecret'>;
    if (kept.providerClientSecret !== undefined) return kept as LocalSecrets;
    // A data folder from before the provider had a client: add its secret, keep everything else.
    const upgraded: LocalSecrets = { ...kept, providerClientSecret: randomBytes(32).toString('base64url') };
    writePrivateFile(file, JSON.stringify(upgraded, null, 2));
    return upgraded;
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x!;
  const secrets: LocalSecrets = {
    authKeyEncryptionKey: randomBytes(32).toString('base64'),
    discoveryKeyEncryptionKey: randomBytes(32).toString('base64'),
    demoPassword: randomBytes(12).toString('base64url'),
    demoClientSecret: randomBytes(32).toString('base64url'),
    adminClientSecret: randomBytes(32).toString('base64url'),
    gateClientSecret: randomBytes(32).toString('base64url'),
    providerClientSecret: randomBytes(32).toString('base64url'),
    demoUserPublicKey: raw,
    demoUserPrivateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
  // Only the secrets folder is private: the data folder also holds the embedded PostgreSQL cluster,
  // which the postgres OS user must reach when this runs as root.
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writePrivateFile(file, JSON.stringify(secrets, null, 2));
  return secrets;
}

/** The auth service's bootstrap file for a local run: a demo user, a demo client, the operator. */
export function writeAuthBootstrap(dir: string, secrets: LocalSecrets): string {
  const file = path.join(dir, 'auth-bootstrap.json');
  const bootstrap = {
    users: [
      {
        username: 'alice',
        password: secrets.demoPassword,
        roles: ['user'],
        publicKeys: [secrets.demoUserPublicKey],
      },
    ],
    clients: [
      {
        clientId: 'demo-client',
        clientSecret: secrets.demoClientSecret,
        grants: ['client_credentials', 'password', 'refresh_token'],
        scopes: ['demo:read'],
        roles: ['service'],
      },
      // Public (no secret): the web example's login page, which cannot keep a secret.
      { clientId: 'web-demo', grants: ['password', 'refresh_token'], scopes: [], roles: [] },
      {
        clientId: 'operator',
        clientSecret: secrets.adminClientSecret,
        grants: ['client_credentials'],
        scopes: [],
        roles: ['admin'],
      },
      {
        clientId: 'gate',
        clientSecret: secrets.gateClientSecret,
        grants: ['client_credentials'],
        scopes: [],
        roles: ['gate'],
      },
      {
        clientId: 'discovery-provider',
        clientSecret: secrets.providerClientSecret,
        grants: ['client_credentials'],
        scopes: [],
        roles: [],
      },
    ],
  };
  writePrivateFile(file, JSON.stringify(bootstrap, null, 2));
  return file;
}
