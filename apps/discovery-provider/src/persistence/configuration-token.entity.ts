import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An issued configuration token, by `jti`; the token itself is never stored. */
@Entity({ name: 'discovery_configuration_token' })
export class ConfigurationTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  jti!: string;

  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Column({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
