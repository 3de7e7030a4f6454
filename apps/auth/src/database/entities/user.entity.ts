import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { UserPublicKeyEntity } from './user-public-key.entity';

/** A person who signs in with a password (token endpoint) or a key (the gate's challenge). */
@Entity({ name: 'users' })
@Unique('uq_users_username', ['username'])
export class UserEntity {
  /** Generated in code (`randomUUID`), so the schema needs no uuid extension. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_users' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  username!: string;

  /** argon2id PHC string; null for a user who only signs in with a registered key. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => UserPublicKeyEntity, (key) => key.user)
  publicKeys?: UserPublicKeyEntity[];
}
