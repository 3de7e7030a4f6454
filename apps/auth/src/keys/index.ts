export { KeyRing } from './key-ring.service';
export { KeyRotationService, type RotationResult } from './key-rotation.service';
export type { SigningAlg, SigningKey } from './signing-key';
export { KeysModule } from './keys.module';
export { SigningKeyEntity } from './signing-key.entity';
