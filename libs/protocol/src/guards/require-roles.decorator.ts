import { SetMetadata } from '@nestjs/common';
import { REQUIRED_ROLES_KEY } from './auth-metadata';

/**
 * Any one of the roles suffices. A method's list replaces its controller's, so a controller can
 * require `user` while one handler narrows to `admin`. Checked by AccessTokenGuard.
 */
export const RequireRoles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES_KEY, roles);
