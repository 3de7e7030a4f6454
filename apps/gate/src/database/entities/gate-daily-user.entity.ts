import { Entity, PrimaryColumn } from 'typeorm';

/** One row per user seen on a statistics day: unique users are a count of these. */
@Entity({ name: 'gate_daily_users' })
export class GateDailyUserEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_gate_daily_users' })
  day!: string;

  @PrimaryColumn({
    name: 'user_name',
    type: 'varchar',
    length: 256,
    primaryKeyConstraintName: 'pk_gate_daily_users',
  })
  userName!: string;
}
