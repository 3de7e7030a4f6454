import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthError, AuthErrorCode } from '../../errors';
import type { PublicKeyView, UserView } from '../accounts.types';
import { publicKeyView, userView } from '../accounts.views';
import { UserEntity, UserPublicKeyEntity } from '../../database/entities';
import { PasswordHasher } from '../hashing/password-hasher';
import { isUuid } from '../ids';
import { isUniqueViolation } from '../unique-violation';

export interface NewUser {
  username: string;
  password?: string | undefined;
  roles: string[];
  /** Canonical Ed25519 keys (see `canonicalEd25519PublicKey`). */
  publicKeys: string[];
}

export type UserWithKeys = UserView & { publicKeys: PublicKeyView[] };

/** Users as the admin API and the challenge check see them. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(UserPublicKeyEntity) private readonly keys: Repository<UserPublicKeyEntity>,
    private readonly passwords: PasswordHasher,
  ) {}

  async create(input: NewUser): Promise<UserWithKeys> {
    const passwordHash = input.password === undefined ? null : await this.passwords.hash(input.password);
    const id = randomUUID();
    try {
      await this.users.manager.transaction(async (tx) => {
        await tx.insert(UserEntity, { id, username: input.username, passwordHash, roles: input.roles });
        for (const publicKey of input.publicKeys) {
          await tx.insert(UserPublicKeyEntity, {
            id: randomUUID(),
            userId: id,
            algorithm: 'Ed25519',
            publicKey,
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AuthError(AuthErrorCode.Conflict, `user "${input.username}" already exists`);
      throw error;
    }
    return this.get(input.username);
  }

  async get(username: string): Promise<UserWithKeys> {
    const user = await this.require(username);
    return { ...userView(user), publicKeys: await this.listKeys(user.id) };
  }

  async setDisabled(username: string, disabled: boolean): Promise<UserView> {
    return this.change(username, { disabled });
  }

  async setRoles(username: string, roles: string[]): Promise<UserView> {
    return this.change(username, { roles });
  }

  async addPublicKey(username: string, publicKey: string): Promise<PublicKeyView> {
    const user = await this.require(username);
    const key = this.keys.create({ id: randomUUID(), userId: user.id, algorithm: 'Ed25519', publicKey });
    try {
      return publicKeyView(await this.keys.save(key));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AuthError(AuthErrorCode.Conflict, 'this key is already registered for the user');
      throw error;
    }
  }

  async removePublicKey(username: string, keyId: string): Promise<void> {
    const user = await this.require(username);
    const result = isUuid(keyId) ? await this.keys.delete({ id: keyId, userId: user.id }) : { affected: 0 };
    if (!result.affected)
      throw new AuthError(AuthErrorCode.NotFound, `no key ${keyId} for user "${username}"`);
  }

  /** Canonical keys of an enabled user, or undefined when the user is unknown or disabled. */
  async activeUserKeys(username: string): Promise<{ user: UserView; keys: string[] } | undefined> {
    const user = await this.users.findOneBy({ username });
    if (!user || user.disabled) return undefined;
    return {
      user: userView(user),
      keys: (await this.keys.findBy({ userId: user.id })).map((k) => k.publicKey),
    };
  }

  private async change(
    username: string,
    patch: Partial<Pick<UserEntity, 'disabled' | 'roles'>>,
  ): Promise<UserView> {
    const user = await this.require(username);
    return userView(await this.users.save(Object.assign(user, patch)));
  }

  private async require(username: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ username });
    if (!user) throw new AuthError(AuthErrorCode.NotFound, `no user "${username}"`);
    return user;
  }

  private async listKeys(userId: string): Promise<PublicKeyView[]> {
    const keys = await this.keys.find({ where: { userId }, order: { createdAt: 'ASC' } });
    return keys.map(publicKeyView);
  }
}
