import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiZodBody, ApiZodResponse } from '@gatehouse/platform';
import { tokenResponseSchema } from '@gatehouse/protocol';
import { SignInLimited } from '../../accounts';
import { ApiOAuthErrors, OAuthErrors } from '../../errors';
import { tokenFormSchema } from '../oauth.openapi';
import type { TokenResponseBody } from '../tokens/token-subject';
import { TokenService } from './token.service';

@ApiTags('oauth')
@Controller('oauth')
@OAuthErrors()
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @SignInLimited()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'RFC 6749 token endpoint: password, client_credentials, refresh_token' })
  @ApiBasicAuth()
  @ApiZodBody(tokenFormSchema, {
    form: true,
    description:
      "the grant's parameters; the client authenticates with HTTP Basic or client_id/client_secret",
  })
  @ApiZodResponse(200, tokenResponseSchema, 'tokens (a refresh token when the client may use that grant)')
  @ApiOAuthErrors(400, 401, 429, 503)
  token(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<TokenResponseBody> {
    return this.tokens.exchange(authorization, body, request.ip);
  }
}
