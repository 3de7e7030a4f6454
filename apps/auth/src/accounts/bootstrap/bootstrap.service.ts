import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
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
  clientsCreated: number;
  clientsUpdated: number;
}

/** Serialises bootstraps of replicas that start together (pg_advisory_xact_lock key). */
const BOOTSTRAP_LOCK = 0x6761_7465; // "gate"

/**
 * Merges the bootstrap file into the database in one transaction. The file is authoritative for
 * the entries it names: their roles, grants, scopes and secrets follow the file; their public
 * keys are added when missing (keys registered through the admin API stay). Entries the file
 * does not name are left alone; nothing is ever duplicated. A plaintext password is re-hashed
 * only when the stored hash no longer verifies it, so a restart does not churn hashes.
 */
@Injectable()
export class BootstrapService {
  private readonly logger = new Logger('AccountsBootstrap');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly secrets: ClientSecretHasher,
    @Inject(CLIENT_AUTH_CACHE) private readonly cache: ClientAuthCache,
  ) {}

  async applyFile(file: string): Promise<BootstrapResult> {
    return this.apply(await readBootstrapFile(file));
  }

  async apply(file: BootstrapFile): Promise<BootstrapResult> {
    this.warnAboutPlaintext(file);
    const result: BootstrapResult = {
      usersCreated: 0,
      usersUpdated: 0,
      clientsCreated: 0,
      clientsUpdated: 0,
    };
    this.cache.clear();
    try {
      await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
        for (const user of file.users)
          result[(await this.mergeUser(tx, user)) ? 'usersCreated' : 'usersUpdated']++;
        for (const client of file.clients)
          result[(await this.mergeClient(tx, client)) ? 'clientsCreated' : 'clientsUpdated']++;
      });
    } finally {
      // Clients the file changed must not be answered from before the change.
      this.cache.clear();
    }
    this.logger.log(`bootstrap applied: ${JSON.stringify(result)}`);
    return result;
  }

  /** True when the user was created. */
  private async mergeUser(tx: EntityManager, entry: BootstrapUser): Promise<boolean> {
    const existing = await tx.findOneBy(UserEntity, { username: entry.username });
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
    return existing === null;
  }

  /** True when the client was created. */
  private async mergeClient(tx: EntityManager, entry: BootstrapClient): Promise<boolean> {
    const existing = await tx.findOneBy(ClientEntity, { clientId: entry.clientId });
    const client = existing ?? tx.create(ClientEntity, { id: randomUUID(), clientId: entry.clientId });
    Object.assign(client, { grants: entry.grants, scopes: entry.scopes, roles: entry.roles });
    const secret = await this.secretFor(client, entry);
    client.secretHash = secret?.hash ?? null;
    client.secretHashKind = secret?.kind ?? null;
    await tx.save(client);
    return existing === null;
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
