import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { AccessTokenGuard } from './access-token.guard';
import { OAuthExceptionFilter } from './oauth-exception.filter';

/**
 * Protects a controller or handler with AccessTokenGuard and renders its failures as RFC 6750
 * responses. Prefer it over a bare @UseGuards(AccessTokenGuard), which keeps the status and the
 * challenge header but lets an app-wide filter reshape the body.
 */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(AccessTokenGuard), UseFilters(OAuthExceptionFilter));
