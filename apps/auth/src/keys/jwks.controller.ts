import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { jwksSchema } from '../oauth/oauth.openapi';
import type { FastifyReply } from 'fastify';
import type { JWK } from 'jose';
import { AUTH_CONFIG, type AuthConfig } from '../config';
import { KeyRing } from '@gatehouse/signing-keys';

@ApiTags('discovery')
@Controller('.well-known')
export class JwksController {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly ring: KeyRing,
  ) {}

  /** max-age stays below the publish lead time, so a cached JWKS always holds the next signer. */
  @Get('jwks.json')
  @ApiOperation({ summary: 'RFC 7517 public signing keys (including keys published ahead of use)' })
  @ApiZodResponse(200, jwksSchema, 'the public keys')
  jwks(@Res({ passthrough: true }) res: FastifyReply): { keys: JWK[] } {
    res.header('Cache-Control', `public, max-age=${this.config.keys.jwksMaxAgeSec}`);
    return this.ring.jwks();
  }
}
