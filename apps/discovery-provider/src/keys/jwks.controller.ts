import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import type { JWK } from 'jose';
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
  jwks(): { keys: JWK[] } {
    return this.keys.jwks();
  }
}
