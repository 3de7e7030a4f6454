import { isIP } from 'node:net';
import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiZodResponse } from '@gatehouse/platform';
import {
  type ChallengeCheckRequest,
  challengeCheckRequestSchema,
  type ChallengeCheckResponse,
  challengeCheckResponseSchema,
} from '@gatehouse/protocol';
import { ApiAuthErrors, AuthError, AuthErrors } from '../../errors';
import { OAuthBody } from '../validation/oauth-body.decorator';
import { AccountsService } from '../accounts.service';
import { parseBasicCredentials } from '../client-auth/basic-credentials';
import { SignInLimits } from '../throttling/sign-in-limits';
import { actOnBehalfOf, SignInLimited } from '../throttling/sign-in-limits.interceptor';
import { GateClients } from './gate-clients';
import { ChallengeService } from './challenge.service';

/** The gate asks here whether a client's challenge signature is good (PROTOCOL 2.8). */
@ApiTags('challenge')
@Controller('challenge')
@AuthErrors()
export class ChallengeController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly accounts: AccountsService,
    private readonly limits: SignInLimits,
    private readonly gateClients: GateClients,
  ) {}

  /**
   * The caller authenticates with HTTP Basic. Its `clientIp` is believed only from a gate client
   * (`AUTH_GATE_CLIENTS`); then the end client's address, not the gate's, is refused while
   * blocked and charged for a rejected signature.
   */
  @Post('verify')
  @HttpCode(200)
  @SignInLimited()
  @ApiOperation({ summary: "The gate asks whether `sign` is the user's Ed25519 signature over `secret`" })
  @ApiBasicAuth()
  @ApiZodResponse(200, challengeCheckResponseSchema, 'the user and roles')
  @ApiAuthErrors(400, 401, 403, 429)
  async verify(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @OAuthBody(challengeCheckRequestSchema) body: ChallengeCheckRequest,
  ): Promise<ChallengeCheckResponse> {
    const credentials = parseBasicCredentials(authorization);
    if (!credentials) throw AuthError.invalidClient('client authentication required (HTTP Basic)');
    const caller = await this.accounts.authenticateClient(
      credentials.clientId,
      credentials.clientSecret,
      request.ip,
    );
    if (body.clientIp !== undefined && isIP(body.clientIp) !== 0 && this.gateClients.has(caller.clientId)) {
      actOnBehalfOf(request, body.clientIp);
      this.limits.refuseBlockedAddress(body.clientIp);
    }
    return this.challenges.verify(body);
  }
}
