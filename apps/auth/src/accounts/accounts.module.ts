import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
import { GateClients } from './challenge/gate-clients';
import {
  ClientAuthCache,
  DEFAULT_CLIENT_CACHE_MAX_ENTRIES,
  DEFAULT_CLIENT_CACHE_TTL_MS,
} from './clients/client-auth-cache';
import { ClientsService } from './clients/clients.service';
import { accountsEntities } from '../database/entities';
import { ClientSecretHasher } from './hashing/client-secret-hasher';
import { ConcurrencyLimit, defaultHashConcurrency } from './hashing/concurrency-limit';
import { HASH_CONCURRENCY_LIMIT, PasswordHasher } from './hashing/password-hasher';
import { LoginBackoffService } from './throttling/login-backoff.service';
import { SignInLimits } from './throttling/sign-in-limits';
import { SignInLimitsInterceptor } from './throttling/sign-in-limits.interceptor';
import { UsersService } from './users/users.service';

/** Users, clients, the bootstrap file, the admin API, the gate's challenge check, sign-in throttling. */
@Module({})
export class AccountsModule {
  static register(options: AccountsModuleOptions = {}): DynamicModule {
    // Fields given as undefined keep their defaults.
    const given = Object.entries(options.throttle ?? {}).filter(([, value]) => value !== undefined);
    const throttle: ThrottleSettings = { ...defaultThrottleSettings, ...Object.fromEntries(given) };
    return {
      module: AccountsModule,
      imports: [TypeOrmModule.forFeature(accountsEntities)],
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
          useFactory: () =>
            new ConcurrencyLimit(options.hashConcurrency ?? defaultHashConcurrency(), {
              maxQueued: throttle.hashQueueLimit,
              maxPerKey: throttle.hashPerAddress,
            }),
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
        GateClients,
        SignInLimits,
        SignInLimitsInterceptor,
      ],
      exports: [
        AccountsService,
        BootstrapService,
        LoginBackoffService,
        SignInLimits,
        SignInLimitsInterceptor,
      ],
    };
  }
}
