import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which replica holds a client's channel, so a transfer sent to any replica reaches it. */
@Entity({ name: 'gate_channels' })
@Index('ix_gate_channels_replica', ['replicaId'])
export class GateChannelEntity {
  @PrimaryColumn({
    name: 'channel_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'pk_gate_channels',
  })
  channelId!: string;

  @Column({ name: 'replica_id', type: 'uuid' })
  replicaId!: string;

  @Column({ name: 'connected_at', type: 'timestamptz', default: () => 'now()' })
  connectedAt!: Date;
}
