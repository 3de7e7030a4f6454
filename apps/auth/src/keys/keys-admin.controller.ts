import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import { Authenticated, RequireRoles } from '@gatehouse/protocol';
import { KeyRotation } from '@gatehouse/signing-keys';

interface RotationResult {
  kid: string;
  activatesAt: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/keys')
@Authenticated()
@RequireRoles('admin')
export class KeysAdminController {
  constructor(private readonly rotation: KeyRotation) {}

  @Post('rotate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a new signing key now; it signs after AUTH_KEY_PUBLISH_LEAD_SEC' })
  @ApiZodResponse(
    201,
    z.object({ kid: z.string(), activatesAt: z.iso.datetime() }),
    'the new key and when it starts signing',
  )
  async rotate(): Promise<RotationResult> {
    const { kid, activatesAt } = await this.rotation.rotateNow();
    return { kid, activatesAt: activatesAt.toISOString() };
  }
}
