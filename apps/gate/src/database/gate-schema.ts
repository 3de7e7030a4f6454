import type { DatabaseSchema } from '@gatehouse/persistence';
import { GateChannelEntity } from './entities/gate-channel.entity';
import { GateReplicaEntity } from './entities/gate-replica.entity';
import { GateTransferPayloadEntity } from './entities/gate-transfer-payload.entity';
import { GateChannelsAndStats1764000000000 } from '../migrations/1764000000000-gate-channels-and-stats';
import { GateDailyStatsEntity } from './entities/gate-daily-stats.entity';
import { GateDailyUserEntity } from './entities/gate-daily-user.entity';

/** Every entity and migration of the gate: one list for the app, `migrate.ts` and the schema check. */
export const gateSchema: DatabaseSchema = {
  entities: [
    GateReplicaEntity,
    GateChannelEntity,
    GateTransferPayloadEntity,
    GateDailyStatsEntity,
    GateDailyUserEntity,
  ],
  migrations: [GateChannelsAndStats1764000000000],
};

/** The gate's own table of applied migrations, so it can share a database with other apps. */
export const GATE_MIGRATIONS_TABLE = 'gate_migrations';
