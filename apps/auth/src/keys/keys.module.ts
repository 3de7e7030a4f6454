import path from 'node:path';
import { Module } from '@nestjs/common';
import { KeyEncryption } from '@gatehouse/secrets';
import { type SigningKeysSettings, SigningKeysModule } from '@gatehouse/signing-keys';
import { AUTH_CONFIG, type AuthConfig, maxTokenLifetimeSec } from '../config';
import { JwksController } from './jwks.controller';
import { KeysAdminController } from './keys-admin.controller';
import { RefreshTokenKey } from './refresh-token-key';
import { SigningKeyRepository } from './signing-key.repository';

/**
 * Auth's keys on the shared schedule: ES256 (the protocol pins access tokens to ES256 or EdDSA); a
 * replaced key stays published until every token it signed has expired, which still counts the
 * refresh tokens these keys signed before refresh tokens moved to HS256.
 */
function authSigningKeys(config: AuthConfig): SigningKeysSettings {
  return {
    table: new SigningKeyRepository(),
    encryption: {
      configured: config.keys.encryptionKey,
      variable: 'AUTH_KEY_ENCRYPTION_KEY',
      localFile: path.join(config.dataDir, 'auth-key-encryption.key'),
    },
    rotation: {
      alg: 'ES256',
      policy: {
        rotationIntervalMs: config.keys.rotationIntervalSec * 1000,
        publishLeadMs: config.keys.publishLeadSec * 1000,
        retireAfterMs: maxTokenLifetimeSec(config) * 1000,
      },
      reloadIntervalMs: config.keys.reloadIntervalSec * 1000,
      scheduled: true,
    },
  };
}

/** Signing keys (the shared store and schedule on auth's table, JWKS, admin rotation) and the refresh-token MAC key. */
@Module({
  imports: [SigningKeysModule.forRootAsync({ inject: [AUTH_CONFIG], useFactory: authSigningKeys })],
  controllers: [JwksController, KeysAdminController],
  providers: [
    {
      provide: RefreshTokenKey,
      inject: [KeyEncryption],
      useFactory: (encryption: KeyEncryption) => RefreshTokenKey.derive(encryption),
    },
  ],
  exports: [SigningKeysModule, RefreshTokenKey],
})
export class KeysModule {}
