import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { RevokedAccessTokenEntity } from '../../database/entities';

/** Revoked access-token ids, each kept until the token would have expired anyway. */
@Injectable()
export class AccessDenylistRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async add(jti: string, expiresAt: Date): Promise<void> {
    await this.db
      .getRepository(RevokedAccessTokenEntity)
      .upsert({ jti, expiresAt }, { conflictPaths: ['jti'], skipUpdateIfNoValuesChanged: true });
  }

  async has(jti: string): Promise<boolean> {
    return this.db.getRepository(RevokedAccessTokenEntity).existsBy({ jti });
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db
      .getRepository(RevokedAccessTokenEntity)
      .delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
