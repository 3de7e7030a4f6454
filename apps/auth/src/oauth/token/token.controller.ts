import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottleLogin } from '../../accounts';
import { OAuthErrors } from '../../errors';
import type { TokenResponseBody } from '../tokens/token-subject';
import { TokenService } from './token.service';

@ApiTags('oauth')
@Controller('oauth')
@OAuthErrors()
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @ThrottleLogin()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'RFC 6749 token endpoint: password, client_credentials, refresh_token' })
  token(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<TokenResponseBody> {
    return this.tokens.exchange(authorization, body);
  }
}
