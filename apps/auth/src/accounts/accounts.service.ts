import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuthError } from '../errors';
import type { AuthenticatedClient, AuthenticatedUser, ClientView, UserView } from './accounts.types';
import { clientView, userView } from './accounts.views';
import { CLIENT_AUTH_CACHE } from './accounts.options';
import { ClientAuthCache } from './clients/client-auth-cache';
import { ClientEntity, type SecretHashKind, UserEntity } from '../database/entities';
import { ClientSecretHasher } from './hashing/client-secret-hasher';
import { PasswordHasher } from './hashing/password-hasher';
import { isUuid } from './ids';
import {
  backoffKey,
  isLocked,
  LOCKOUT_WAIT_SQL,
  LoginBackoffService,
  throwIfLocked,
} from './throttling/login-backoff.service';
import { SignInLimits } from './throttling/sign-in-limits';

/**
 * Credential checks for the token endpoint (and the challenge endpoint's caller). Each check is
 * behind the per-identity-and-address backoff (guessable secrets) and the per-client quota; a miss spends the time of a hit (dummy hash), and every
 * failure reads the same, so neither timing nor wording tells which names exist.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly passwords: PasswordHasher,
    private readonly secrets: ClientSecretHasher,
    private readonly backoff: LoginBackoffService,
    @Inject(CLIENT_AUTH_CACHE) private readonly cache: ClientAuthCache,
    private readonly limits: SignInLimits,
  ) {}

  /**
   * Throws `invalid_client` (401) on any failure, `too_many_requests` (429) while this client is
   * locked out at `address`, over its request rate, or (unless just verified) `address` is
   * blocked for its failures. A client that verified within the cache
   * TTL is answered from memory (see `ClientAuthCache` for the staleness bound); otherwise one
   * query reads the lockout and the client together. Only a wrong person-chosen (argon2id) secret
   * counts towards backoff: a missing secret is not a guess, and a server-generated one cannot be
   * guessed, so neither can lock the client out.
   */
  async authenticateClient(
    clientId: string,
    clientSecret: string | undefined,
    address: string,
  ): Promise<AuthenticatedClient> {
    const cached = this.cache.get(clientId, clientSecret);
    if (cached) {
      this.limits.clientRequest(cached.clientId);
      return cached;
    }
    // Past the cache, a check costs a database read and maybe a hash: not for a blocked address.
    this.limits.refuseBlockedAddress(address);
    const ticket = this.cache.ticket();
    const key = backoffKey('client', clientId, address);
    const rows: ClientLookupRow[] = await this.db.query(
      `SELECT ${LOCKOUT_WAIT_SQL('f')} AS "wait", f."key" IS NOT NULL AS "had_failures",
              c."client_id", c."secret_hash", c."secret_hash_kind", c."grants", c."scopes", c."roles", c."disabled"
         FROM (VALUES ($1::varchar)) AS k("key")
         LEFT JOIN "login_failures" f ON f."key" = k."key"
         LEFT JOIN "clients" c ON c."client_id" = $2::varchar`,
      [key, clientId],
    );
    const row = rows[0];
    if (isLocked(row?.wait)) this.cache.invalidate(clientId);
    throwIfLocked(row?.wait);
    const client = row && exists(row, 'client_id') ? row : undefined;
    if (!(await this.clientSecretMatches(client, clientSecret, address)) || !client) {
      this.cache.invalidate(clientId);
      if (client?.secret_hash_kind === 'argon2id' && clientSecret !== undefined)
        await this.backoff.recordFailure(key);
      throw AuthError.invalidClient();
    }
    if (client.disabled) throw AuthError.invalidClient('client is disabled');
    if (row?.had_failures) await this.backoff.reset(key);
    this.limits.clientRequest(client.client_id);
    const authenticated = {
      clientId: client.client_id,
      grants: client.grants,
      scopes: client.scopes,
      roles: client.roles,
    };
    this.cache.set(ticket, clientId, clientSecret, authenticated);
    return authenticated;
  }

  /**
   * Throws `invalid_grant` (400) on any failure, `too_many_requests` (429) while locked out at
   * `address` (or 429 / 503 when the hash queue refuses). One query reads the lockout and the
   * user; then one argon2id verification (on libuv's pool, in the bounded queue). Names that do
   * not exist share one counter per address (see `backoffKey`).
   */
  async verifyUserPassword(username: string, password: string, address: string): Promise<AuthenticatedUser> {
    this.limits.refuseBlockedAddress(address);
    const key = backoffKey('user', username, address);
    const unknownKey = backoffKey('user', undefined, address);
    const rows: UserLookupRow[] = await this.db.query(
      `SELECT CASE WHEN u."id" IS NULL THEN ${LOCKOUT_WAIT_SQL('g')} ELSE ${LOCKOUT_WAIT_SQL('f')} END AS "wait",
              f."key" IS NOT NULL AS "had_failures",
              u."id", u."username", u."password_hash", u."roles", u."disabled"
         FROM (VALUES ($1::varchar)) AS k("key")
         LEFT JOIN "login_failures" f ON f."key" = k."key"
         LEFT JOIN "login_failures" g ON g."key" = $3::varchar
         LEFT JOIN "users" u ON u."username" = $2::varchar`,
      [key, username, unknownKey],
    );
    const row = rows[0];
    throwIfLocked(row?.wait);
    const user = row && exists(row, 'id') ? row : undefined;
    const ok = user?.password_hash
      ? await this.passwords.verify(user.password_hash, password, address)
      : await this.passwords.verifyDummy(password, address);
    if (!ok || !user) {
      await this.backoff.recordFailure(user ? key : unknownKey);
      throw AuthError.invalidGrant('invalid username or password');
    }
    if (user.disabled) throw AuthError.invalidGrant('account is disabled');
    if (row?.had_failures) await this.backoff.reset(key);
    if (this.passwords.needsRehash(user.password_hash!)) {
      await this.users.update({ id: user.id }, { passwordHash: await this.passwords.hash(password) });
    }
    return { id: user.id, username: user.username, roles: user.roles };
  }

  /** The user, enabled or not (the refresh grant checks `disabled` before issuing). */
  async findUser(username: string): Promise<UserView | null> {
    const user = await this.users.findOneBy({ username });
    return user ? userView(user) : null;
  }

  async findUserById(id: string): Promise<UserView | null> {
    if (!isUuid(id)) return null;
    const user = await this.users.findOneBy({ id });
    return user ? userView(user) : null;
  }

  async findClient(clientId: string): Promise<ClientView | null> {
    const client = await this.clients.findOneBy({ clientId });
    return client ? clientView(client) : null;
  }

  /**
   * A confidential client must present its secret; a public client (no stored secret) must
   * present none, and can only use the grants its entry allows.
   */
  private async clientSecretMatches(
    client: Pick<ClientLookupRow, 'secret_hash' | 'secret_hash_kind'> | undefined,
    secret: string | undefined,
    address: string,
  ): Promise<boolean> {
    if (!client) return secret === undefined ? false : this.secrets.verifyDummy(secret);
    if (client.secret_hash === null || client.secret_hash_kind === null) return secret === undefined;
    if (secret === undefined) return false;
    return this.secrets.verify({ hash: client.secret_hash, kind: client.secret_hash_kind }, secret, address);
  }
}

/** The lockout of the name asked for (always one row), and the client when it exists. */
interface ClientLookupRow {
  wait: number | null;
  had_failures: boolean;
  client_id: string | null;
  secret_hash: string | null;
  secret_hash_kind: SecretHashKind | null;
  grants: string[];
  scopes: string[];
  roles: string[];
  disabled: boolean;
}

/** The lockout of the name asked for (always one row), and the user when it exists. */
interface UserLookupRow {
  wait: number | null;
  had_failures: boolean;
  id: string | null;
  username: string;
  password_hash: string | null;
  roles: string[];
  disabled: boolean;
}

/** The LEFT JOINed row was found: its key column is not null. */
function exists<R, K extends keyof R>(row: R, key: K): row is R & { [P in K]: NonNullable<R[P]> } {
  return row[key] !== null && row[key] !== undefined;
}
