import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A confirmed, live service instance. Removal deletes the row (its pair tokens are revoked). */
@Entity({ name: 'discovery_instance' })
export class InstanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('IDX_discovery_instance_service')
  @Column({ type: 'varchar', length: 63 })
  service!: string;

  /** Copied from the configuration token at registration. GIN-indexed (migration 1760000000001). */
  @Index('IDX_discovery_instance_permissions', { synchronize: false })
  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Index('IDX_discovery_instance_config_jti')
  @Column({ name: 'config_jti', type: 'uuid' })
  configJti!: string;

  @Column({ type: 'varchar', length: 2048 })
  host!: string;

  @Column({ name: 'gate_host', type: 'varchar', length: 2048 })
  gateHost!: string;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  /** sha256 of the instance's key: one instance per key, and deregistration finds it by key. */
  @Index('UQ_discovery_instance_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Index('IDX_discovery_instance_next_ping_at')
  @Column({ name: 'next_ping_at', type: 'timestamptz' })
  nextPingAt!: Date;

  @Column({ name: 'ping_failures', type: 'int', default: 0 })
  pingFailures!: number;
}
