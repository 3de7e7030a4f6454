import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenGuard, RequireRoles } from '@gatehouse/protocol';
import { ApiDiscoveryErrors, DiscoveryErrorFilter } from '../errors';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import {
  type InstanceSummary,
  instanceSummarySchema,
  type PermissionGraph,
  permissionGraphSchema,
  type ServiceSummary,
  serviceSummarySchema,
} from './explorer.schemas';
import { ExplorerService } from './explorer.service';

@ApiTags('explorer')
@ApiBearerAuth()
@Controller('explorer')
@UseGuards(AccessTokenGuard)
@RequireRoles('admin')
@UseFilters(DiscoveryErrorFilter)
@ApiDiscoveryErrors(401, 403)
export class ExplorerController {
  constructor(private readonly explorer: ExplorerService) {}

  @Get('services')
  @ApiOperation({ summary: 'Registered services, instance counts and permissions' })
  @ApiZodResponse(200, z.array(serviceSummarySchema), 'one entry per service with a registered instance')
  services(): Promise<ServiceSummary[]> {
    return this.explorer.services();
  }

  @Get('instances')
  @ApiOperation({ summary: 'Live instances with health and last seen (no tokens)' })
  @ApiZodResponse(200, z.array(instanceSummarySchema), 'registered instances')
  instances(): Promise<InstanceSummary[]> {
    return this.explorer.instances();
  }

  @Get('graph')
  @ApiOperation({ summary: 'Permission graph between registered services' })
  @ApiZodResponse(200, permissionGraphSchema, 'who may call whom')
  graph(): Promise<PermissionGraph> {
    return this.explorer.graph();
  }
}
