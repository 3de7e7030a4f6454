import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse, type HttpReply } from '@gatehouse/platform';
import { z } from 'zod';
import type { JWK } from 'jose';
import { entityTag, sendConditionally } from '../http/conditional-get';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys of configuration tokens and signed pushes' })
  @ApiZodResponse(
    200,
    z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string() })) }),
    'public JWKs',
  )
  jwks(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: HttpReply,
  ): { keys: JWK[] } | undefined {
    const jwks = this.keys.jwks();
    return sendConditionally(reply, ifNoneMatch, entityTag(JSON.stringify(jwks)), jwks);
  }
}
