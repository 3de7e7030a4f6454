import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiZodBody } from '@gatehouse/platform';
import { SignInLimited } from '../../accounts';
import { ApiOAuthErrors, OAuthErrors } from '../../errors';
import { tokenOperationSchema } from './token-operation-request';
import { RevocationService } from './revocation.service';

@ApiTags('oauth')
@Controller('oauth')
@OAuthErrors()
export class RevocationController {
  constructor(private readonly revocation: RevocationService) {}

  @Post('revoke')
  @HttpCode(200)
  @SignInLimited()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'RFC 7009 token revocation (refresh token: its whole family)' })
  @ApiBasicAuth()
  @ApiZodBody(tokenOperationSchema, { form: true })
  @ApiOAuthErrors(400, 401, 429)
  revoke(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<void> {
    return this.revocation.revoke(authorization, body, request.ip);
  }
}
