import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One pending push per instance: a change bumps `version` instead of adding a row, so an instance
 * receives one update with its latest full view however many changes piled up.
 */
@Entity({ name: 'discovery_outbox' })
export class OutboxEntity {
  @PrimaryColumn({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Index('IDX_discovery_outbox_due_at')
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** A worker owns the row until then; a crashed worker's rows are picked up after it passes. */
  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
