import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export const publicKeyAlgorithms = ['Ed25519'] as const;
export type PublicKeyAlgorithm = (typeof publicKeyAlgorithms)[number];

/** A key a user signs the gate's challenge secrets with. */
@Entity({ name: 'user_public_keys' })
@Index('uq_user_public_keys_user_key', ['userId', 'publicKey'], { unique: true })
export class UserPublicKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_user_public_keys' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, (user) => user.publicKeys, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_public_keys_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  algorithm!: PublicKeyAlgorithm;

  /** Canonical form: base64url of the raw 32-byte Ed25519 key, whatever form it was registered in. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
