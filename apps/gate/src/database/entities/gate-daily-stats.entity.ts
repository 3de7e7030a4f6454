import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Connections accepted per statistics day (days start at GLS_DAY_START o'clock UTC), all replicas. */
@Entity({ name: 'gate_daily_stats' })
export class GateDailyStatsEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_gate_daily_stats' })
  day!: string;

  @Column({ type: 'bigint', default: 0 })
  connections!: string;
}
