import { type DynamicModule, Module } from '@nestjs/common';
import type { AuthConfig } from './auth-config';
import { AUTH_CONFIG } from './auth-config.token';

/** Makes the validated `AuthConfig` injectable everywhere (`@Inject(AUTH_CONFIG)`). */
@Module({})
export class AuthConfigModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthConfigModule,
      global: true,
      providers: [{ provide: AUTH_CONFIG, useValue: config }],
      exports: [AUTH_CONFIG],
    };
  }
}
