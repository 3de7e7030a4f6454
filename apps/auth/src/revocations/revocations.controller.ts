import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiZodResponse } from '@gatehouse/platform';
import { type RevocationSnapshot, revocationSnapshotSchema } from '@gatehouse/protocol';
import { SignInLimited } from '../accounts';
import { ApiAuthErrors, AuthErrors } from '../errors';
import { ClientAuthenticator } from '../oauth/client-auth/client-authenticator.service';
import { RevocationFeedService } from './revocation-feed.service';

@ApiTags('oauth')
@Controller('oauth')
@AuthErrors()
export class RevocationsController {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly feed: RevocationFeedService,
  ) {}

  /**
   * The full list each time (it is small: a revoked token leaves it at its `exp`); `If-None-Match`
   * with the last ETag answers 304 without a body, so polling every few seconds costs little.
   */
  @Get('revocations')
  @SignInLimited()
  @ApiOperation({
    summary:
      'Revoked access tokens, disabled users and clients (for resource servers; a confidential client)',
  })
  @ApiBasicAuth()
  @ApiZodResponse(200, revocationSnapshotSchema, 'the current revocations')
  @ApiAuthErrors(401, 429)
  async revocations(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RevocationSnapshot | undefined> {
    await this.clients.confidential(authorization, {}, request.ip);
    const { snapshot, etag } = await this.feed.current();
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    if (ifNoneMatch === etag) {
      reply.status(304);
      return undefined;
    }
    return snapshot;
  }
}
