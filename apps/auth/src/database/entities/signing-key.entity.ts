import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One signing key. Its life is told by timestamps, not a status column, so every replica derives
 * the same view from the same rows: published from `created_at`, signs from `activates_at`,
 * leaves the JWKS at `retires_at` (set when a newer key is created).
 */
@Entity({ name: 'auth_signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ primaryKeyConstraintName: 'pk_auth_signing_keys', type: 'varchar', length: 64 })
  kid!: string;

  @Column({ type: 'varchar', length: 16 })
  alg!: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Record<string, unknown>;

  /** PKCS#8 PEM sealed with AES-256-GCM (`KeyEncryption`). */
  @Column({ name: 'private_key_encrypted', type: 'text' })
  privateKeyEncrypted!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activates_at', type: 'timestamptz' })
  activatesAt!: Date;

  @Column({ name: 'retires_at', type: 'timestamptz', nullable: true })
  retiresAt!: Date | null;
}
