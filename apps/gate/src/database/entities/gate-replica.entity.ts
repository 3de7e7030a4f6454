import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running gate replica; a replica whose heartbeat is stale no longer holds any channel. */
@Entity({ name: 'gate_replicas' })
export class GateReplicaEntity {
  @PrimaryColumn({ name: 'replica_id', type: 'uuid', primaryKeyConstraintName: 'pk_gate_replicas' })
  replicaId!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt!: Date;
}
