import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type ChallengeCheckRequest,
  challengeCheckRequestSchema,
  type ChallengeCheckResponse,
} from '@gatehouse/protocol';
import { OAuthErrors } from '../../errors';
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
  verify(
    @OAuthBody(challengeCheckRequestSchema) body: ChallengeCheckRequest,
  ): Promise<ChallengeCheckResponse> {
    return this.challenges.verify(body);
  }
}
