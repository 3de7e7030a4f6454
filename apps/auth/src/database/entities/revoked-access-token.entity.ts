import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Access tokens revoked before their `exp` (RFC 7009); a row is useless after `expires_at`. */
@Entity({ name: 'auth_revoked_access_tokens' })
@Index('ix_auth_revoked_access_tokens_expires', ['expiresAt'])
export class RevokedAccessTokenEntity {
  @PrimaryColumn({ primaryKeyConstraintName: 'pk_auth_revoked_access_tokens', type: 'varchar', length: 128 })
  jti!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', default: () => 'now()' })
  revokedAt!: Date;
}
