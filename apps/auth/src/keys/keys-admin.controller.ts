import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import { Authenticated, RequireRoles } from '@gatehouse/protocol';
import { KeyRotationService, type RotationResult } from './key-rotation.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/keys')
@Authenticated()
@RequireRoles('admin')
export class KeysAdminController {
  constructor(private readonly rotation: KeyRotationService) {}

  @Post('rotate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a new signing key now; it signs after AUTH_KEY_PUBLISH_LEAD_SEC' })
  @ApiZodResponse(
    201,
    z.object({ kid: z.string(), activatesAt: z.iso.datetime() }),
    'the new key and when it starts signing',
  )
  rotate(): Promise<RotationResult> {
    return this.rotation.rotateNow();
  }
}
