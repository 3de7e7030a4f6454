import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Authenticated, RequireRoles } from '@gatehouse/protocol';

/**
 * A Bearer access token of this auth service with role `admin` (verified against our own key
 * ring, see `ProtocolAuthModule` in the app module). Put it above `@AuthErrors()`: guard
 * failures then keep their RFC 6750 code and challenge, in the app's problem JSON.
 */
export const AdminOnly = (): ClassDecorator & MethodDecorator =>
  applyDecorators(Authenticated(), RequireRoles('admin'), ApiBearerAuth());
