import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A refresh token as the server knows it: only its SHA-256, never the token. Each use consumes
 * the row and inserts its child in the same family; reuse of a consumed row revokes the family.
 */
@Entity({ name: 'auth_refresh_tokens' })
@Index('ix_auth_refresh_tokens_family', ['familyId'])
@Index('ix_auth_refresh_tokens_family_expires', ['familyExpiresAt'])
export class RefreshTokenEntity {
  /** Hex SHA-256 of the token string. */
  @PrimaryColumn({ primaryKeyConstraintName: 'pk_auth_refresh_tokens', type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'parent_hash', type: 'varchar', length: 64, nullable: true })
  parentHash!: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 200 })
  clientId!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: string;

  @Column({ type: 'text' })
  scope!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Idle lifetime: this token's own `exp`. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Absolute lifetime of the family, copied from the first token. */
  @Column({ name: 'family_expires_at', type: 'timestamptz' })
  familyExpiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
