import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenGuard, RequireRoles } from '@gatehouse/protocol';
import { z } from 'zod';
import { ApiZodResponse, ZodBody } from '@gatehouse/platform';
import { ApiDiscoveryErrors, DiscoveryErrorFilter } from '../errors';
import {
  type ConfigurationTokenSummary,
  configurationTokenSummarySchema,
  type IssueConfigurationToken,
  issueConfigurationTokenSchema,
  type IssuedConfigurationToken,
  type RevokedConfigurationToken,
  issuedConfigurationTokenSchema,
  revokedConfigurationTokenSchema,
} from './configuration-token.dto';
import { ConfigurationTokensService } from './configuration-tokens.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/configuration-tokens')
@UseGuards(AccessTokenGuard)
@RequireRoles('admin')
@UseFilters(DiscoveryErrorFilter)
@ApiDiscoveryErrors(401, 403)
export class ConfigurationTokensController {
  constructor(private readonly tokens: ConfigurationTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a configuration token for one service' })
  @ApiZodResponse(201, issuedConfigurationTokenSchema, 'the token (shown this once) and what it allows')
  @ApiDiscoveryErrors(400)
  issue(
    @ZodBody(issueConfigurationTokenSchema) body: IssueConfigurationToken,
  ): Promise<IssuedConfigurationToken> {
    return this.tokens.issue(body);
  }

  @Get()
  @ApiOperation({ summary: 'List issued configuration tokens (never the tokens themselves)' })
  @ApiZodResponse(200, z.array(configurationTokenSummarySchema), 'every token issued, oldest first')
  list(): Promise<ConfigurationTokenSummary[]> {
    return this.tokens.list();
  }

  @Delete(':jti')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a configuration token and remove its instances' })
  @ApiZodResponse(200, revokedConfigurationTokenSchema, 'revoked (repeating it is harmless)')
  @ApiDiscoveryErrors(400, 404)
  revoke(@Param('jti', new ParseUUIDPipe()) jti: string): Promise<RevokedConfigurationToken> {
    return this.tokens.revoke(jti);
  }
}
