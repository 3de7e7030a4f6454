import { SVC_A } from './support/fixtures';
import { queryDatabase } from './support/database';
import { basic, postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

/** Issue 8 §2: reuse detection revokes a family even while a thief rotates it in a tight loop. */
describe('refresh family revocation racing rotation', () => {
  const TRIALS = 120;
  const MAX_ROTATIONS = 40;
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  const svcA = { authorization: basic(SVC_A.id, SVC_A.secret) };

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_refresh_race', { AUTH_DB_POOL_SIZE: '20' });
    auth = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  const token = (params: Record<string, string>) => postForm(`${auth.url}/oauth/token`, params, svcA);
  const refresh = (refreshToken: string) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  /** The family id (`sid`) of a refresh token, read from its payload. */
  const familyOf = (jwt: string) =>
    (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

  it(`${TRIALS} trials of "rotate in a loop while the consumed token is replayed": no live token survives`, async () => {
    const families: string[] = [];
    let afterRevocation = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const first = (await token({ grant_type: 'client_credentials' })).body['refresh_token'] as string;
      families.push(familyOf(first));
      let current = (await refresh(first)).body['refresh_token'] as string;
      // The replay of the consumed token starts after a few rotations and runs beside the loop.
      const replayAt = trial % 4;
      let replay: Promise<unknown> | undefined;
      let replayed = false;
      for (let i = 0; i < MAX_ROTATIONS; i++) {
        if (i === replayAt) replay = refresh(first).then((reply) => (replayed = reply.status === 400));
        // Only a rotation that starts after the revocation answered must fail; one in flight may win.
        const startedAfterRevocation = replayed;
        const next = await refresh(current);
        if (next.status !== 200) break;
        if (startedAfterRevocation) afterRevocation++;
        current = next.body['refresh_token'] as string;
      }
      expect(await replay).toBe(true);
    }
    const live = await query<{ n: string }>(
      `SELECT count(*) AS n FROM auth_refresh_tokens WHERE family_id = ANY($1::uuid[]) AND consumed_at IS NULL AND revoked_at IS NULL`,
      [families],
    );
    expect({ live: Number(live[0]!.n), afterRevocation }).toEqual({ live: 0, afterRevocation: 0 });
  });

  const query = <T>(sql: string, values: unknown[]) => queryDatabase<T>(world.db.url, sql, values);
});
