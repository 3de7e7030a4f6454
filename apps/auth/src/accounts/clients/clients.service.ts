import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthError, AuthErrorCode } from '../../errors';
import { CLIENT_AUTH_CACHE } from '../accounts.options';
import type { ClientView } from '../accounts.types';
import { clientView } from '../accounts.views';
import { ClientEntity } from '../../database/entities';
import { ClientSecretHasher } from '../hashing/client-secret-hasher';
import { isUniqueViolation } from '../unique-violation';
import { ClientAuthCache } from './client-auth-cache';

export interface ClientSettings {
  grants: string[];
  scopes: string[];
  roles: string[];
}

/** Shown once, when the server generates it; only its SHA-256 is kept. */
export type ClientWithSecret = ClientView & { clientSecret: string };

/**
 * Clients as the admin API sees them. Every change drops the client from this replica's
 * `ClientAuthCache` before and after the write (other replicas see it within the cache TTL).
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly secrets: ClientSecretHasher,
    @Inject(CLIENT_AUTH_CACHE) private readonly cache: ClientAuthCache,
  ) {}

  async create(clientId: string, settings: ClientSettings): Promise<ClientWithSecret> {
    const { secret, stored } = this.secrets.generate();
    const client = this.clients.create({
      id: randomUUID(),
      clientId,
      secretHash: stored.hash,
      secretHashKind: stored.kind,
      ...settings,
    });
    try {
      await this.clients.insert(client);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AuthError(AuthErrorCode.Conflict, `client "${clientId}" already exists`);
      throw error;
    }
    return { ...(await this.get(clientId)), clientSecret: secret };
  }

  async get(clientId: string): Promise<ClientView> {
    return clientView(await this.require(clientId));
  }

  async setDisabled(clientId: string, disabled: boolean): Promise<ClientView> {
    return this.change(clientId, { disabled });
  }

  async update(clientId: string, patch: Partial<ClientSettings>): Promise<ClientView> {
    return this.change(clientId, patch);
  }

  /** Replaces the secret with a fresh server-generated one; the old one stops working at once. */
  async rotateSecret(clientId: string): Promise<ClientWithSecret> {
    const client = await this.require(clientId);
    const { secret, stored } = this.secrets.generate();
    this.cache.invalidate(clientId);
    try {
      const saved = await this.clients.save(
        Object.assign(client, { secretHash: stored.hash, secretHashKind: stored.kind }),
      );
      return { ...clientView(saved), clientSecret: secret };
    } finally {
      this.cache.invalidate(clientId);
    }
  }

  private async change(
    clientId: string,
    patch: Partial<Pick<ClientEntity, 'disabled' | 'grants' | 'scopes' | 'roles'>>,
  ): Promise<ClientView> {
    const client = await this.require(clientId);
    this.cache.invalidate(clientId);
    try {
      return clientView(await this.clients.save(Object.assign(client, patch)));
    } finally {
      this.cache.invalidate(clientId);
    }
  }

  private async require(clientId: string): Promise<ClientEntity> {
    const client = await this.clients.findOneBy({ clientId });
    if (!client) throw new AuthError(AuthErrorCode.NotFound, `no client "${clientId}"`);
    return client;
  }
}
