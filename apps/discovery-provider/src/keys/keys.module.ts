import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { loadKeyEncryption } from '@gatehouse/secrets';
import type { Logger } from 'pino';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { JwksController } from './jwks.controller';
import { KEY_ENCRYPTION } from './keys.tokens';
import { SigningKeysService } from './signing-keys.service';

@Global()
@Module({
  controllers: [JwksController],
  providers: [
    {
      provide: KEY_ENCRYPTION,
      inject: [PROVIDER_CONFIG, PLATFORM_LOGGER],
      useFactory: (config: ProviderConfig, logger: Logger) =>
        loadKeyEncryption({
          configured: config.keys.encryptionKey,
          variable: 'DISCOVERY_KEY_ENCRYPTION_KEY',
          localFile: path.join(config.dataDir, 'discovery-provider', 'key-encryption.key'),
          warn: (message) => logger.warn(message),
        }),
    },
    SigningKeysService,
  ],
  exports: [SigningKeysService],
})
export class KeysModule {}
