import type { DatabaseSchema } from '@gatehouse/persistence';
import { accountsMigrations } from '../accounts';
import { OAuthTokensAndKeys1763920000000 } from '../migrations/1763920000000-oauth-tokens-and-keys';
import { RefreshFamilies1764600000000 } from '../migrations/1764600000000-refresh-families';
import { RefreshRotateFunction1764700000000 } from '../migrations/1764700000000-refresh-rotate-function';
import { authEntities } from './entities';

/** Every entity and migration of the auth app: one list for the app, `migrate.ts` and the schema check. */
export const authSchema: DatabaseSchema = {
  entities: authEntities,
  migrations: [
    ...accountsMigrations,
    OAuthTokensAndKeys1763920000000,
    RefreshFamilies1764600000000,
    RefreshRotateFunction1764700000000,
  ],
};

/** Each app keeps its own table of applied migrations, so apps can share one database. */
export const AUTH_MIGRATIONS_TABLE = 'auth_migrations';
