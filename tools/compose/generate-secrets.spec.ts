import { createHash } from 'node:crypto';
import fs, { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from 'argon2';
import { DATABASES, SECRET_FILES, SERVICE_USERS } from './compose-layout';
import { generateSecrets } from './generate-secrets';

/**
 * The init step in a temporary folder. As root (CI, containers) the owners are real and checked
 * with stat; as another user chown is recorded instead of done, and the recorded owners checked.
 */
describe('generateSecrets (the compose init step)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-secrets-'));
  const owners = new Map<string, number>();
  const asRoot = process.getuid?.() === 0;
  beforeAll(() => {
    const real = fs.chownSync;
    jest.spyOn(fs, 'chownSync').mockImplementation((file, uid, gid) => {
      owners.set(path.relative(root, String(file)).replace(/\/\.([^/]+)\.\d+\.tmp$/, '/$1'), uid);
      if (asRoot) real(file, uid, gid);
    });
  });
  afterAll(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const ownerOf = (file: string) => (asRoot ? statSync(path.join(root, file)).uid : owners.get(file));

  it('creates every file of the layout but the tokens, owned by its service alone', async () => {
    const created = await generateSecrets(root);
    const expected = Object.entries(SECRET_FILES).flatMap(([folder, files]) =>
      files.filter((file) => file !== 'configuration-token').map((file) => `${folder}/${file}`),
    );
    expect(created.sort()).toEqual(expected.sort());
    for (const [folder, files] of Object.entries(SECRET_FILES)) {
      const uid = SERVICE_USERS[folder as keyof typeof SERVICE_USERS] ?? 0;
      expect({ folder, mode: statSync(path.join(root, folder)).mode & 0o777, uid: ownerOf(folder) }).toEqual({
        folder,
        mode: 0o700,
        uid,
      });
      for (const file of files.filter((f) => f !== 'configuration-token')) {
        expect({
          file,
          mode: statSync(path.join(root, folder, file)).mode & 0o777,
          uid: ownerOf(`${folder}/${file}`),
        }).toEqual({ file, mode: 0o400, uid });
      }
    }
    expect(statSync(root).mode & 0o777).toBe(0o755);
  });

  it('wires the generated secrets together: database roles, keys, bootstrap hashes', async () => {
    for (const [app, database] of Object.entries(DATABASES)) {
      const password = read(`postgres/${app}-password`);
      expect(read(`${app}/database-url`)).toBe(
        `postgres://${database}:${password}@postgres:5432/${database}`,
      );
      expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    for (const app of ['auth', 'discovery-provider'])
      expect(Buffer.from(read(`${app}/key-encryption-key`), 'base64')).toHaveLength(32);
    expect(read('auth/key-encryption-key')).not.toBe(read('discovery-provider/key-encryption-key'));
    const bootstrap = JSON.parse(read('auth/bootstrap.json')) as {
      users: { username: string; passwordHash: string }[];
      clients: { clientId: string; clientSecretHash?: string }[];
    };
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(bootstrap.clients.find((c) => c.clientId === 'operator')?.clientSecretHash).toBe(
      sha(read('operator/client-secret')),
    );
    expect(bootstrap.clients.find((c) => c.clientId === 'gate')?.clientSecretHash).toBe(
      sha(read('gate/auth-client-secret')),
    );
    expect(await verify(bootstrap.users[0]!.passwordHash, read('operator/alice-password'))).toBe(true);
    expect(JSON.stringify(bootstrap)).not.toContain(read('operator/client-secret'));
  });

  it('keeps everything on a second run: nothing regenerated, nothing rewritten', async () => {
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((f) => statSync(path.join(root, f)).isFile())
          .map((f) => [f, `${read(f)}@${statSync(path.join(root, f)).mtimeMs}`]),
      );
    const before = snapshot();
    expect(await generateSecrets(root)).toEqual([]);
    expect(snapshot()).toEqual(before);
  });
});
