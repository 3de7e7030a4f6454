import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import {
  type ChallengeCheckRequest,
  challengeCheckRequestSchema,
  type ChallengeCheckResponse,
  challengeCheckResponseSchema,
} from '@gatehouse/protocol';
import { ApiOAuthErrors, OAuthErrors } from '../../errors';
import { OAuthBody } from '../validation/oauth-body.decorator';
import { ClientBasicAuthGuard } from '../client-auth/client-basic-auth.guard';
import { AuthThrottlerGuard } from '../throttling/auth-throttler.guard';
import { ChallengeService } from './challenge.service';

/** The gate asks here whether a client's challenge signature is good (PROTOCOL 3.2). */
@ApiTags('challenge')
@Controller('challenge')
@OAuthErrors()
export class ChallengeController {
  constructor(private readonly challenges: ChallengeService) {}

  @Post('verify')
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard, ClientBasicAuthGuard)
  @ApiOperation({ summary: 'The gate asks whether `sign` is the user\'s Ed25519 signature over `secret`' })
  @ApiBasicAuth()
  @ApiZodResponse(200, challengeCheckResponseSchema, 'the user and roles')
  @ApiOAuthErrors(400, 401, 403, 429)
  verify(
    @OAuthBody(challengeCheckRequestSchema) body: ChallengeCheckRequest,
  ): Promise<ChallengeCheckResponse> {
    return this.challenges.verify(body);
  }
}
