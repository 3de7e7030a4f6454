import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The token one caller instance presents to one callee service. Rows are kept after revocation so
 * the unique index guarantees a token is never issued twice.
 */
@Entity({ name: 'discovery_pair_token' })
@Index('IDX_discovery_pair_token_pair', ['callerInstanceId', 'calleeService'])
@Index('IDX_discovery_pair_token_callee', ['calleeService'], { where: 'revoked_at IS NULL' })
export class PairTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('UQ_discovery_pair_token_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  token!: string;

  @Column({ name: 'caller_instance_id', type: 'uuid' })
  callerInstanceId!: string;

  @Column({ name: 'callee_service', type: 'varchar', length: 63 })
  calleeService!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when a newer token replaced this one: still accepted by the callee until then. */
  @Column({ name: 'retire_at', type: 'timestamptz', nullable: true })
  retireAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
