import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { AccessTokenGuard } from './access-token.guard';
import {
  ACCESS_TOKEN_VERIFIER,
  AccessTokenVerifier,
  type ProtocolAuthOptions,
} from './access-token.verifier';
import { OAuthExceptionFilter } from './oauth-exception.filter';

export interface ProtocolAuthAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: NonNullable<Extract<Provider, { useFactory: unknown }>['inject']>;
  useFactory: (...args: never[]) => ProtocolAuthOptions | Promise<ProtocolAuthOptions>;
}

const PROTOCOL_AUTH_OPTIONS = Symbol('PROTOCOL_AUTH_OPTIONS');

/**
 * Global, so @Authenticated() works in every module of the app once this is imported in the root.
 * One verifier per app: it owns the JWKS cache, which must be shared, not rebuilt per request.
 */
@Module({})
export class ProtocolAuthModule {
  static forRoot(options: ProtocolAuthOptions): DynamicModule {
    return ProtocolAuthModule.build([{ provide: PROTOCOL_AUTH_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: ProtocolAuthAsyncOptions): DynamicModule {
    const provider: Provider = {
      provide: PROTOCOL_AUTH_OPTIONS,
      useFactory: options.useFactory as (
        ...args: unknown[]
      ) => ProtocolAuthOptions | Promise<ProtocolAuthOptions>,
      inject: options.inject ?? [],
    };
    return { ...ProtocolAuthModule.build([provider]), imports: options.imports ?? [] };
  }

  private static build(optionProviders: Provider[]): DynamicModule {
    return {
      module: ProtocolAuthModule,
      global: true,
      providers: [
        ...optionProviders,
        {
          provide: ACCESS_TOKEN_VERIFIER,
          useFactory: (options: ProtocolAuthOptions) => new AccessTokenVerifier(options),
          inject: [PROTOCOL_AUTH_OPTIONS],
        },
        AccessTokenGuard,
        OAuthExceptionFilter,
      ],
      exports: [ACCESS_TOKEN_VERIFIER, AccessTokenGuard, OAuthExceptionFilter],
    };
  }
}
