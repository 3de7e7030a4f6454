import type { Request } from 'express';
import type { AccessTokenClaims } from '../schemas/access-token.schema';

export const REQUIRED_ROLES_KEY = 'gatehouse:required-roles';
export const REQUIRED_SCOPES_KEY = 'gatehouse:required-scopes';

/** An HTTP request that passed AccessTokenGuard; `auth` holds the verified access token claims. */
export type AuthenticatedRequest = Request & { auth?: AccessTokenClaims };
