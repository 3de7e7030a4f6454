import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { serverMetadataSchema } from '../oauth.openapi';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { serverMetadata, type ServerMetadata } from './server-metadata';

@ApiTags('discovery')
@Controller('.well-known')
export class MetadataController {
  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'RFC 8414 authorization server metadata' })
  @ApiZodResponse(200, serverMetadataSchema, 'endpoints and capabilities')
  metadata(): ServerMetadata {
    return serverMetadata(this.config.issuer);
  }
}
