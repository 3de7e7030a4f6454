import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeysModule } from '../keys';
import { RevocationsController } from '../revocations/revocations.controller';
import { RevocationsModule } from '../revocations/revocations.module';
import { ClientAuthenticator } from './client-auth/client-authenticator.service';
import { ClientCredentialsGrant } from './grants/client-credentials.grant';
import { PasswordGrant } from './grants/password.grant';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { IntrospectionController } from './introspection/introspection.controller';
import { IntrospectionService } from './introspection/introspection.service';
import { TokenPurgeService } from './maintenance/token-purge.service';
import { MetadataController } from './metadata/metadata.controller';
import { RefreshTokenRepository } from './refresh/refresh-token.repository';
import { RefreshTokenService } from './refresh/refresh-token.service';
import { AccessDenylistRepository } from './revocation/access-denylist.repository';
import { RevocationController } from './revocation/revocation.controller';
import { RevocationService } from './revocation/revocation.service';
import { RefreshTokenEntity, RevokedAccessTokenEntity } from '../database/entities';
import { TokenController } from './token/token.controller';
import { TokenService } from './token/token.service';
import { AccessTokenVerifier } from './tokens/access-token.verifier';
import { RefreshTokenMac } from './tokens/refresh-token-mac';
import { RefreshTokenVerifier } from './tokens/refresh-token.verifier';
import { TokenIssuer } from './tokens/token-issuer.service';
import { TokenResponseFactory } from './tokens/token-response.factory';
import type { DynamicModule } from '@nestjs/common';

/** The OAuth endpoints: token (three grants), introspection, revocation, server metadata. */
@Module({})
export class OAuthModule {
  /** `accounts` is the app's configured AccountsModule (it owns users, clients and throttling). */
  static register(accounts: DynamicModule): DynamicModule {
    return {
      module: OAuthModule,
      imports: [
        TypeOrmModule.forFeature([RefreshTokenEntity, RevokedAccessTokenEntity]),
        KeysModule,
        accounts,
        RevocationsModule,
      ],
      controllers: [
        TokenController,
        IntrospectionController,
        RevocationController,
        RevocationsController,
        MetadataController,
      ],
      providers: [
        TokenIssuer,
        TokenResponseFactory,
        AccessTokenVerifier,
        RefreshTokenMac,
        RefreshTokenVerifier,
        RefreshTokenRepository,
        RefreshTokenService,
        AccessDenylistRepository,
        ClientAuthenticator,
        PasswordGrant,
        ClientCredentialsGrant,
        RefreshTokenGrant,
        TokenService,
        RevocationService,
        IntrospectionService,
        TokenPurgeService,
      ],
    };
  }
}
