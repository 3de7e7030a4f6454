import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { type SigningKeysSettings, SigningKeysModule } from '@gatehouse/signing-keys';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { JwksController } from './jwks.controller';
import { SigningKeyRepository } from './signing-key.repository';
import { SigningKeysService } from './signing-keys.service';

// A replaced key stays published this long after its successor signs, for the pushes it signed (60 s tokens).
const PUSH_SIGNATURE_GRACE_MS = 120_000;

/** The provider's keys on the shared schedule; keys stay longer while configuration tokens need them (see the repository). */
function providerSigningKeys(config: ProviderConfig): SigningKeysSettings {
  return {
    table: new SigningKeyRepository(config.keys.publishLeadMs),
    encryption: {
      configured: config.keys.encryptionKey,
      variable: 'DISCOVERY_KEY_ENCRYPTION_KEY',
      localFile: path.join(config.dataDir, 'discovery-provider', 'key-encryption.key'),
    },
    rotation: {
      alg: config.keys.signingAlg,
      policy: {
        rotationIntervalMs: config.keys.rotationIntervalMs,
        publishLeadMs: config.keys.publishLeadMs,
        retireAfterMs: PUSH_SIGNATURE_GRACE_MS,
      },
      reloadIntervalMs: config.keys.refreshMs,
      scheduled: config.workers,
    },
  };
}

@Global()
@Module({
  imports: [SigningKeysModule.forRootAsync({ inject: [PROVIDER_CONFIG], useFactory: providerSigningKeys })],
  controllers: [JwksController],
  providers: [SigningKeysService],
  exports: [SigningKeysService],
})
export class KeysModule {}
