import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins per identity (`user:…`, `client:…`, `ip:…`), shared by every replica through
 * PostgreSQL so a lockout holds whichever replica the next attempt reaches.
 */
@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 300, primaryKeyConstraintName: 'pk_login_failures' })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt!: Date;
}
