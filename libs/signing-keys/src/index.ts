export {
  signingAlgOf,
  type KeyTimes,
  type NewSigningKey,
  type SigningAlg,
  type SigningKey,
  type StoredSigningKey,
} from './signing-key';
export {
  isPublished,
  planRotation,
  rotationDue,
  selectSigner,
  type KeySchedulePolicy,
  type RotationPlan,
} from './key-schedule';
export { generateSigningKey, openSigningKey, publicJwkOf } from './key-material';
export type { SigningKeyTable } from './signing-key-table';
export { SigningKeyStore, type RotationDecision } from './signing-key-store';
export { KeyRing } from './key-ring';
export { KeyRotation, type KeyRotationOptions } from './key-rotation';
export {
  SigningKeysModule,
  type SigningKeysModuleOptions,
  type SigningKeysSettings,
} from './signing-keys.module';
