import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenGuard, RequireRoles } from '@gatehouse/protocol';
import { DiscoveryErrorFilter } from '../errors';
import {
  ExplorerService,
  type InstanceSummary,
  type PermissionGraph,
  type ServiceSummary,
} from './explorer.service';

@ApiTags('explorer')
@ApiBearerAuth()
@Controller('explorer')
@UseGuards(AccessTokenGuard)
@RequireRoles('admin')
@UseFilters(DiscoveryErrorFilter)
export class ExplorerController {
  constructor(private readonly explorer: ExplorerService) {}

  @Get('services')
  @ApiOperation({ summary: 'Registered services, instance counts and permissions' })
  services(): Promise<ServiceSummary[]> {
    return this.explorer.services();
  }

  @Get('instances')
  @ApiOperation({ summary: 'Live instances with health and last seen (no tokens)' })
  instances(): Promise<InstanceSummary[]> {
    return this.explorer.instances();
  }

  @Get('graph')
  @ApiOperation({ summary: 'Permission graph between registered services' })
  graph(): Promise<PermissionGraph> {
    return this.explorer.graph();
  }
}
