import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OAuthErrors } from '../../errors';
import { type IntrospectionBody, IntrospectionService } from './introspection.service';

@ApiTags('oauth')
@Controller('oauth')
@OAuthErrors()
export class IntrospectionController {
  constructor(private readonly introspection: IntrospectionService) {}

  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'RFC 7662 token introspection (callers authenticate as a confidential client)' })
  introspect(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<IntrospectionBody> {
    return this.introspection.introspect(authorization, body);
  }
}
