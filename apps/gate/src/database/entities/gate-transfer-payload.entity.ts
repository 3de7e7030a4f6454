import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A transfer too large for a NOTIFY payload (8000 bytes), handed to another replica by reference. */
@Entity({ name: 'gate_transfer_payloads' })
export class GateTransferPayloadEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_gate_transfer_payloads' })
  id!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
