import { type DynamicModule, type InjectionToken, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { KeyEncryption, type KeyEncryptionSource, loadKeyEncryption } from '@gatehouse/secrets';
import { KeyRing } from './key-ring';
import { KeyRotation, type KeyRotationOptions } from './key-rotation';
import type { SigningKeyTable } from './signing-key-table';
import { SigningKeyStore } from './signing-key-store';

/** What an app supplies: its table, where its key-encryption key comes from, its schedule. */
export interface SigningKeysSettings {
  table: SigningKeyTable;
  encryption: Omit<KeyEncryptionSource, 'warn'>;
  rotation: KeyRotationOptions;
}

export interface SigningKeysModuleOptions {
  inject: InjectionToken[];
  useFactory: (...deps: never[]) => SigningKeysSettings;
}

const SETTINGS = Symbol('SIGNING_KEYS_SETTINGS');

/**
 * An app's signing keys: `KeyRing` to sign and verify with, `KeyRotation` keeping them on schedule
 * (Nest runs its boot and timer hooks). Needs the app's TypeORM data source and `PLATFORM_LOGGER`.
 */
@Module({})
export class SigningKeysModule {
  static forRootAsync(options: SigningKeysModuleOptions): DynamicModule {
    return {
      module: SigningKeysModule,
      providers: [
        { provide: SETTINGS, inject: options.inject, useFactory: options.useFactory },
        {
          provide: KeyEncryption,
          inject: [SETTINGS, PLATFORM_LOGGER],
          useFactory: (settings: SigningKeysSettings, logger: Logger) =>
            loadKeyEncryption({ ...settings.encryption, warn: (message) => logger.warn(message) }),
        },
        {
          provide: SigningKeyStore,
          inject: [getDataSourceToken(), SETTINGS],
          useFactory: (dataSource: DataSource, settings: SigningKeysSettings) =>
            new SigningKeyStore(dataSource, settings.table),
        },
        {
          provide: KeyRing,
          inject: [SigningKeyStore, KeyEncryption, PLATFORM_LOGGER],
          useFactory: (store: SigningKeyStore, encryption: KeyEncryption, logger: Logger) =>
            new KeyRing(store, encryption, logger),
        },
        {
          provide: KeyRotation,
          inject: [SigningKeyStore, KeyRing, KeyEncryption, SETTINGS, PLATFORM_LOGGER],
          useFactory: (
            store: SigningKeyStore,
            ring: KeyRing,
            encryption: KeyEncryption,
            settings: SigningKeysSettings,
            logger: Logger,
          ) => new KeyRotation(store, ring, encryption, settings.rotation, logger),
        },
      ],
      // KeyEncryption too: an app derives its other secrets from it (`deriveKey`), loaded once.
      exports: [KeyRing, KeyRotation, KeyEncryption],
    };
  }
}
