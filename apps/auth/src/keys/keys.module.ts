import path from 'node:path';
import { Module } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { loadKeyEncryption } from '@gatehouse/secrets';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUTH_CONFIG, type AuthConfig } from '../config';
import { JwksController } from './jwks.controller';
import { KeyRing } from './key-ring.service';
import { KeyRotationService } from './key-rotation.service';
import { KEY_ENCRYPTION } from './keys.tokens';
import { KeysAdminController } from './keys-admin.controller';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';

/** Signing keys: encrypted storage, rotation, the replica's key ring, JWKS, admin rotation. */
@Module({
  imports: [TypeOrmModule.forFeature([SigningKeyEntity])],
  controllers: [JwksController, KeysAdminController],
  providers: [
    {
      provide: KEY_ENCRYPTION,
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => {
        const logger = componentLogger('KeyEncryption');
        return loadKeyEncryption({
          configured: config.keys.encryptionKey,
          variable: 'AUTH_KEY_ENCRYPTION_KEY',
          localFile: path.join(config.dataDir, 'auth-key-encryption.key'),
          warn: (message) => logger.warn(message),
        });
      },
    },
    SigningKeyRepository,
    KeyRing,
    KeyRotationService,
  ],
  exports: [KeyRing, KeyRotationService],
})
export class KeysModule {}
