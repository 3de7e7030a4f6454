import { generateKeyPairSync } from 'node:crypto';
import { BootstrapFileError, parseBootstrapFile } from './bootstrap-file';

const key = generateKeyPairSync('ed25519').publicKey;
const rawKey = key.export({ format: 'jwk' }).x!;
const pemKey = key.export({ format: 'pem', type: 'spki' }).toString();
const sha = 'a'.repeat(64);

function errorOf(json: unknown): string {
  try {
    parseBootstrapFile(JSON.stringify(json), 'f.json');
  } catch (error) {
    expect(error).toBeInstanceOf(BootstrapFileError);
    return (error as Error).message;
  }
  throw new Error('expected a BootstrapFileError');
}

describe('bootstrap file', () => {
  it('accepts the documented shape, fills defaults and canonicalises keys', () => {
    const file = parseBootstrapFile(
      JSON.stringify({
        users: [{ username: 'alice', password: 'pw', roles: ['user', 'user'], publicKeys: [pemKey] }],
        clients: [
          {
            clientId: 'svc-a',
            clientSecret: 's',
            grants: ['client_credentials'],
            scopes: ['a:read'],
            roles: ['service'],
          },
          { clientId: 'spa', grants: ['password', 'refresh_token'] },
          { clientId: 'svc-b', clientSecretHash: sha, grants: ['client_credentials'] },
        ],
      }),
    );
    expect(file.users[0]).toEqual({
      username: 'alice',
      password: 'pw',
      roles: ['user'],
      publicKeys: [rawKey],
    });
    expect(file.clients[1]).toEqual({
      clientId: 'spa',
      grants: ['password', 'refresh_token'],
      scopes: [],
      roles: [],
    });
    expect(parseBootstrapFile('{}')).toEqual({ users: [], clients: [] });
  });

  it('names the bad entry by index and name', () => {
    expect(
      errorOf({
        users: [
          { username: 'a', password: 'x' },
          { username: 'bob', password: 'x', roles: ['bad role'] },
        ],
      }),
    ).toMatch(/^f\.json: users\[1\] \("bob"\)\.roles\[0\]: /);
    expect(errorOf({ users: [{ username: 'carol', publicKeys: ['nope'] }] })).toMatch(
      /users\[0\] \("carol"\)\.publicKeys\[0\]: expected base64url/,
    );
    expect(errorOf({ clients: [{ clientId: 'c', clientSecretHash: 'plain', grants: [] }] })).toMatch(
      /clients\[0\] \("c"\)\.clientSecretHash: /,
    );
    expect(errorOf({ clients: [{ clientId: 'c', grants: ['implicit'] }] })).toMatch(
      /clients\[0\] \("c"\)\.grants\[0\]/,
    );
  });

  it('refuses ambiguous, duplicate, unknown and unsafe entries', () => {
    expect(
      errorOf({
        users: [{ username: 'a', password: 'x', passwordHash: '$argon2id$v=19$m=1,t=1,p=1$aa$bb' }],
      }),
    ).toMatch(/not both/);
    expect(errorOf({ users: [{ username: 'a' }, { username: 'a' }] })).toMatch(
      /users\[1\] \("a"\)\.username: duplicate username/,
    );
    expect(errorOf({ users: [{ username: 'a', pasword: 'typo' }] })).toMatch(/users\[0\] \("a"\).*pasword/);
    expect(errorOf({ clients: [{ clientId: 'pub', grants: ['client_credentials'] }] })).toMatch(
      /public client/,
    );
    expect(errorOf({ users: [{ username: 'a', passwordHash: '$2b$10$bcrypt' }] })).toMatch(
      /passwordHash: an argon2id PHC/,
    );
    expect(errorOf({ groups: [] })).toMatch(/^f\.json: top level: .*groups/);
  });

  it('says when the text is not JSON', () => {
    expect(() => parseBootstrapFile('{users:', 'f.json')).toThrow(/^f\.json: not valid JSON/);
  });
});
