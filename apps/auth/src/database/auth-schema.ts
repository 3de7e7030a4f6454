import type { DatabaseSchema } from '@gatehouse/persistence';
import { accountsEntities, accountsMigrations } from '../accounts';
import { SigningKeyEntity } from '../keys/signing-key.entity';
import { OAuthTokensAndKeys1763920000000 } from '../migrations/1763920000000-oauth-tokens-and-keys';
import { RefreshFamilies1764600000000 } from '../migrations/1764600000000-refresh-families';
import { RefreshRotateFunction1764700000000 } from '../migrations/1764700000000-refresh-rotate-function';
import { RefreshFamilyEntity } from '../oauth/refresh/refresh-family.entity';
import { RefreshTokenEntity } from '../oauth/refresh/refresh-token.entity';
import { RevokedAccessTokenEntity } from '../oauth/revocation/revoked-access-token.entity';

/** Every entity and migration of the auth app: one list for the app, `migrate.ts` and the schema check. */
export const authSchema: DatabaseSchema = {
  entities: [
    ...accountsEntities,
    SigningKeyEntity,
    RefreshTokenEntity,
    RefreshFamilyEntity,
    RevokedAccessTokenEntity,
  ],
  migrations: [
    ...accountsMigrations,
    OAuthTokensAndKeys1763920000000,
    RefreshFamilies1764600000000,
    RefreshRotateFunction1764700000000,
  ],
};

/** Each app keeps its own table of applied migrations, so apps can share one database. */
export const AUTH_MIGRATIONS_TABLE = 'auth_migrations';
