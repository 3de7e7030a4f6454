import { ConfigurationTokenEntity } from './configuration-token.entity';
import { InstanceEntity } from './instance.entity';
import { OutboxEntity } from './outbox.entity';
import { PairTokenEntity } from './pair-token.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { InitialSchema1760000000000 } from './migrations/1760000000000-initial-schema';
import { InstancePermissionsIndex1760000000001 } from './migrations/1760000000001-instance-permissions-index';
import { PermissionsIndexNoPendingList1760000000002 } from './migrations/1760000000002-permissions-index-no-pending-list';
import { JoinFunction1764800000000 } from './migrations/1764800000000-join-function';

export const discoveryEntities = [
  SigningKeyEntity,
  ConfigurationTokenEntity,
  InstanceEntity,
  PairTokenEntity,
  OutboxEntity,
];
export const discoveryMigrations = [
  InitialSchema1760000000000,
  InstancePermissionsIndex1760000000001,
  PermissionsIndexNoPendingList1760000000002,
  JoinFunction1764800000000,
];
export const DISCOVERY_MIGRATIONS_TABLE = 'discovery_migrations';
