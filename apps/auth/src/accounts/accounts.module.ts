import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  ACCOUNTS_OPTIONS,
  type AccountsModuleOptions,
  CLIENT_AUTH_CACHE,
  defaultThrottleSettings,
  THROTTLE_SETTINGS,
  type ThrottleSettings,
} from './accounts.options';
import { AccountsService } from './accounts.service';
import { AdminClientsController } from './admin/admin-clients.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { BootstrapRunner } from './bootstrap/bootstrap.runner';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { ChallengeController } from './challenge/challenge.controller';
import { ChallengeService } from './challenge/challenge.service';
import { ClientBasicAuthGuard } from './client-auth/client-basic-auth.guard';
import {
  ClientAuthCache,
  DEFAULT_CLIENT_CACHE_MAX_ENTRIES,
  DEFAULT_CLIENT_CACHE_TTL_MS,
} from './clients/client-auth-cache';
import { ClientsService } from './clients/clients.service';
import { accountsEntities } from './entities';
import { ClientSecretHasher } from './hashing/client-secret-hasher';
import { ConcurrencyLimit, defaultHashConcurrency } from './hashing/concurrency-limit';
import { HASH_CONCURRENCY_LIMIT, PasswordHasher } from './hashing/password-hasher';
import { AuthThrottlerGuard } from './throttling/auth-throttler.guard';
import { LoginBackoffService } from './throttling/login-backoff.service';
import { SlidingWindowThrottlerStorage } from './throttling/sliding-window.storage';
import { UsersService } from './users/users.service';

/** Users, clients, the bootstrap file, the admin API, the gate's challenge check, sign-in throttling. */
@Module({})
export class AccountsModule {
  static register(options: AccountsModuleOptions = {}): DynamicModule {
    // Fields given as undefined keep their defaults.
    const given = Object.entries(options.throttle ?? {}).filter(([, value]) => value !== undefined);
    const throttle: ThrottleSettings = { ...defaultThrottleSettings, ...Object.fromEntries(given) };
    const perIp = ThrottlerModule.forRoot({
      // Same counting as the package's in-memory storage, without its per-request O(window) scan.
      storage: new SlidingWindowThrottlerStorage(),
      throttlers: [
        {
          name: 'default',
          limit: throttle.ipLimit,
          ttl: throttle.ipWindowSec * 1000,
          blockDuration: throttle.ipBlockSec * 1000,
        },
      ],
    });
    return {
      module: AccountsModule,
      imports: [TypeOrmModule.forFeature(accountsEntities), perIp],
      controllers: [AdminUsersController, AdminClientsController, ChallengeController],
      providers: [
        { provide: ACCOUNTS_OPTIONS, useValue: options },
        { provide: THROTTLE_SETTINGS, useValue: throttle },
        {
          provide: CLIENT_AUTH_CACHE,
          useFactory: () =>
            new ClientAuthCache({
              ttlMs: options.clientCacheTtlMs ?? DEFAULT_CLIENT_CACHE_TTL_MS,
              maxEntries: DEFAULT_CLIENT_CACHE_MAX_ENTRIES,
            }),
        },
        {
          provide: HASH_CONCURRENCY_LIMIT,
          useFactory: () => new ConcurrencyLimit(options.hashConcurrency ?? defaultHashConcurrency()),
        },
        PasswordHasher,
        ClientSecretHasher,
        LoginBackoffService,
        AccountsService,
        UsersService,
        ClientsService,
        BootstrapService,
        BootstrapRunner,
        ChallengeService,
        ClientBasicAuthGuard,
        AuthThrottlerGuard,
      ],
      // ThrottlerModule is re-exported so `@ThrottleLogin()` resolves in the importing module.
      exports: [
        AccountsService,
        BootstrapService,
        LoginBackoffService,
        ClientBasicAuthGuard,
        AuthThrottlerGuard,
        perIp,
      ],
    };
  }
}
