import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

export const secretHashKinds = ['sha256', 'argon2id'] as const;
export type SecretHashKind = (typeof secretHashKinds)[number];

/** An OAuth client: a service (client_credentials) or a front end (password grant). */
@Entity({ name: 'clients' })
@Unique('uq_clients_client_id', ['clientId'])
@Check('ck_clients_secret_kind', `"secret_hash_kind" IN ('sha256', 'argon2id')`)
@Check('ck_clients_secret_pair', `("secret_hash" IS NULL) = ("secret_hash_kind" IS NULL)`)
export class ClientEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_clients' })
  id!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 200 })
  clientId!: string;

  /** Null for a public client (no secret); see `ClientSecretHasher` for the two kinds. */
  @Column({ name: 'secret_hash', type: 'text', nullable: true })
  secretHash!: string | null;

  @Column({ name: 'secret_hash_kind', type: 'varchar', length: 16, nullable: true })
  secretHashKind!: SecretHashKind | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  grants!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
