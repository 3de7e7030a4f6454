import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiZodBody, ApiZodResponse } from '@gatehouse/platform';
import { SignInLimited } from '../../accounts';
import { ApiOAuthErrors, OAuthErrors } from '../../errors';
import { introspectionResponseSchema } from '../oauth.openapi';
import { tokenOperationSchema } from '../revocation/token-operation-request';
import { type IntrospectionBody, IntrospectionService } from './introspection.service';

@ApiTags('oauth')
@Controller('oauth')
@OAuthErrors()
export class IntrospectionController {
  constructor(private readonly introspection: IntrospectionService) {}

  @Post('introspect')
  @HttpCode(200)
  @SignInLimited()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'RFC 7662 token introspection (callers authenticate as a confidential client)' })
  @ApiBasicAuth()
  @ApiZodBody(tokenOperationSchema, { form: true })
  @ApiZodResponse(200, introspectionResponseSchema, "the token's claims, or {active:false}")
  @ApiOAuthErrors(400, 401, 429)
  introspect(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<IntrospectionBody> {
    return this.introspection.introspect(authorization, body, request.ip);
  }
}
