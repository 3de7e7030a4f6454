import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One refresh-token family: the row rotation and revocation serialise on (see `RefreshTokenRepository`). */
@Entity({ name: 'auth_refresh_families' })
@Index('ix_auth_refresh_families_expires', ['expiresAt'])
export class RefreshFamilyEntity {
  @PrimaryColumn({ name: 'family_id', primaryKeyConstraintName: 'pk_auth_refresh_families', type: 'uuid' })
  familyId!: string;

  /** Absolute lifetime of the family. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
