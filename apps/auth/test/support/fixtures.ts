/** Users and clients every auth suite starts with (plaintext secrets: test use only). */
export const ALICE = { username: 'alice', password: 'alice-password-1' };
export const ROOT = { username: 'root', password: 'root-password-1' };
export const SVC_A = { id: 'svc-a', secret: 'svc-a-secret-0123456789abcdef0123456789' };
export const SVC_B = { id: 'svc-b', secret: 'svc-b-secret-0123456789abcdef0123456789' };
export const WEB = { id: 'web', secret: 'web-secret-0123456789abcdef0123456789' };
export const SPA = { id: 'spa' };

export const TEST_BOOTSTRAP = {
  users: [
    { username: ALICE.username, password: ALICE.password, roles: ['user'] },
    { username: ROOT.username, password: ROOT.password, roles: ['admin'] },
  ],
  clients: [
    {
      clientId: SVC_A.id,
      clientSecret: SVC_A.secret,
      grants: ['client_credentials', 'refresh_token'],
      scopes: ['a:read', 'a:write'],
      roles: ['service'],
    },
    {
      clientId: SVC_B.id,
      clientSecret: SVC_B.secret,
      grants: ['client_credentials'],
      scopes: ['b:read'],
      roles: ['service'],
    },
    {
      clientId: WEB.id,
      clientSecret: WEB.secret,
      grants: ['password', 'refresh_token'],
      scopes: ['profile', 'email'],
      roles: [],
    },
    { clientId: SPA.id, grants: ['password', 'refresh_token'], scopes: ['profile'], roles: [] },
  ],
};
