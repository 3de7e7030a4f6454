import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenGuard, RequireRoles } from '@gatehouse/protocol';
import { ZodBody } from '@gatehouse/platform';
import { DiscoveryErrorFilter } from '../errors';
import {
  type ConfigurationTokenSummary,
  type IssueConfigurationToken,
  issueConfigurationTokenSchema,
  type IssuedConfigurationToken,
} from './configuration-token.dto';
import { ConfigurationTokensService } from './configuration-tokens.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/configuration-tokens')
@UseGuards(AccessTokenGuard)
@RequireRoles('admin')
@UseFilters(DiscoveryErrorFilter)
export class ConfigurationTokensController {
  constructor(private readonly tokens: ConfigurationTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a configuration token for one service' })
  @ApiBody({ schema: { example: { name: 'geo', permissions: ['auth', 'facade'], expiresIn: 86400 } } })
  issue(@ZodBody(issueConfigurationTokenSchema) body: IssueConfigurationToken): Promise<IssuedConfigurationToken> {
    return this.tokens.issue(body);
  }

  @Get()
  @ApiOperation({ summary: 'List issued configuration tokens (never the tokens themselves)' })
  list(): Promise<ConfigurationTokenSummary[]> {
    return this.tokens.list();
  }

  @Delete(':jti')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a configuration token and remove its instances' })
  revoke(@Param('jti', new ParseUUIDPipe()) jti: string): Promise<{ jti: string; revoked: true; removedInstances: number }> {
    return this.tokens.revoke(jti);
  }
}
