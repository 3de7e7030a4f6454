import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CLIENT_AUTH_CACHE } from '../accounts.options';
import { ClientAuthCache } from '../clients/client-auth-cache';
import { ClientEntity, UserEntity, UserPublicKeyEntity } from '../entities';
import { ClientSecretHasher, type StoredSecret } from '../hashing/client-secret-hasher';
import { PasswordHasher } from '../hashing/password-hasher';
import { readBootstrapFile } from './bootstrap-file';
import type { BootstrapClient, BootstrapFile, BootstrapUser } from './bootstrap.schema';

export interface BootstrapResult {
  usersCreated: number;
  usersUpdated: number;
  /** Existing entries the file names but `create` mode leaves as they are. */
  usersKept: number;
  clientsCreated: number;
  clientsUpdated: number;
  clientsKept: number;
}

/**
 * `create` (the default): entries missing from the database are created, existing ones are never
 * touched, so what an operator changed through the admin API (a rotated secret, a new role, a
 * disabled client) survives every restart. `overwrite`: the file is authoritative for the entries
 * it names, for an operator who deliberately re-applies it (`AUTH_BOOTSTRAP_MODE=overwrite`).
 */
export type BootstrapMode = 'create' | 'overwrite';
type Outcome = 'Created' | 'Updated' | 'Kept';

/** Serialises bootstraps of replicas that start together (pg_advisory_xact_lock key). */
const BOOTSTRAP_LOCK = 0x6761_7465; // "gate"

/**
 * Merges the bootstrap file into the database in one transaction. Missing entries are created. In
 * `overwrite` mode the file is also authoritative for the existing entries it names: their roles,
 * grants, scopes and secrets follow the file; their public keys are added when missing (keys
 * registered through the admin API stay), and a plaintext password is re-hashed only when the
 * stored hash no longer verifies it. Entries the file does not name are left alone; nothing is
 * ever duplicated.
 */
@Injectable()
export class BootstrapService {
  private readonly logger = componentLogger('AccountsBootstrap');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly secrets: ClientSecretHasher,
    @Inject(CLIENT_AUTH_CACHE) private readonly cache: ClientAuthCache,
  ) {}

  async applyFile(file: string, mode: BootstrapMode = 'create'): Promise<BootstrapResult> {
    return this.apply(await readBootstrapFile(file), mode);
  }

  async apply(file: BootstrapFile, mode: BootstrapMode = 'create'): Promise<BootstrapResult> {
    this.warnAboutPlaintext(file);
    const result: BootstrapResult = {
      usersCreated: 0,
      usersUpdated: 0,
      usersKept: 0,
      clientsCreated: 0,
      clientsUpdated: 0,
      clientsKept: 0,
    };
    this.cache.clear();
    try {
      await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
        for (const user of file.users) result[`users${await this.mergeUser(tx, user, mode)}`]++;
        for (const client of file.clients) result[`clients${await this.mergeClient(tx, client, mode)}`]++;
      });
    } finally {
      // Clients the file changed must not be answered from before the change.
      this.cache.clear();
    }
    this.logger.info(`bootstrap applied (${mode}): ${JSON.stringify(result)}`);
    return result;
  }

  private async mergeUser(tx: EntityManager, entry: BootstrapUser, mode: BootstrapMode): Promise<Outcome> {
    const existing = await tx.findOneBy(UserEntity, { username: entry.username });
    if (existing && mode === 'create') return 'Kept';
    const user =
      existing ?? tx.create(UserEntity, { id: randomUUID(), username: entry.username, passwordHash: null });
    user.roles = entry.roles;
    if (entry.passwordHash !== undefined) user.passwordHash = entry.passwordHash;
    if (
      entry.password !== undefined &&
      !(user.passwordHash && (await this.passwords.verify(user.passwordHash, entry.password)))
    ) {
      user.passwordHash = await this.passwords.hash(entry.password);
    }
    await tx.save(user);
    const known = new Set(
      (await tx.findBy(UserPublicKeyEntity, { userId: user.id })).map((k) => k.publicKey),
    );
    for (const publicKey of new Set(entry.publicKeys)) {
      if (!known.has(publicKey))
        await tx.insert(UserPublicKeyEntity, {
          id: randomUUID(),
          userId: user.id,
          algorithm: 'Ed25519',
          publicKey,
        });
    }
    return existing ? 'Updated' : 'Created';
  }

  private async mergeClient(
    tx: EntityManager,
    entry: BootstrapClient,
    mode: BootstrapMode,
  ): Promise<Outcome> {
    const existing = await tx.findOneBy(ClientEntity, { clientId: entry.clientId });
    if (existing && mode === 'create') return 'Kept';
    const client = existing ?? tx.create(ClientEntity, { id: randomUUID(), clientId: entry.clientId });
    Object.assign(client, { grants: entry.grants, scopes: entry.scopes, roles: entry.roles });
    const secret = await this.secretFor(client, entry);
    client.secretHash = secret?.hash ?? null;
    client.secretHashKind = secret?.kind ?? null;
    await tx.save(client);
    return existing ? 'Updated' : 'Created';
  }

  private async secretFor(client: ClientEntity, entry: BootstrapClient): Promise<StoredSecret | undefined> {
    if (entry.clientSecretHash !== undefined)
      return { hash: entry.clientSecretHash, kind: this.secrets.kindOf(entry.clientSecretHash)! };
    if (entry.clientSecret === undefined) return undefined;
    const current =
      client.secretHash && client.secretHashKind
        ? { hash: client.secretHash, kind: client.secretHashKind }
        : undefined;
    if (current && (await this.secrets.verify(current, entry.clientSecret))) return current;
    return this.secrets.hashChosen(entry.clientSecret);
  }

  /** Names the entries, never the values. */
  private warnAboutPlaintext(file: BootstrapFile): void {
    const users = file.users.filter((u) => u.password !== undefined).map((u) => u.username);
    const clients = file.clients.filter((c) => c.clientSecret !== undefined).map((c) => c.clientId);
    if (users.length + clients.length === 0) return;
    this.logger.warn(
      `bootstrap file holds plaintext credentials (local use only; use passwordHash/clientSecretHash elsewhere): ` +
        `users [${users.join(', ')}], clients [${clients.join(', ')}]`,
    );
  }
}
