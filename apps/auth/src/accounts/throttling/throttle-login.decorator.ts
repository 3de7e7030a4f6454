import { UseGuards } from '@nestjs/common';
import { AuthThrottlerGuard } from './auth-throttler.guard';

/** Per-IP limit of a sign-in route (`/oauth/token`, `/challenge/verify`); 429 in OAuth shape. */
export const ThrottleLogin = (): MethodDecorator & ClassDecorator => UseGuards(AuthThrottlerGuard);
