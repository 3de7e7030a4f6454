import type { INestApplication } from '@nestjs/common';
import { type DirectRoute, failureAnswerer } from '@gatehouse/platform';
import { countSignInFailure, SignInLimits } from '../../accounts';
import { authErrors } from '../../errors';
import { TokenService } from './token.service';

/**
 * `POST /oauth/token` served without Nest's per-request pipeline (platform `directRoutes`): on a
 * client-cache hit a token's own work is a signature, and Nest's guards, interceptors, parameter
 * decorators and rxjs cost more than that. What `TokenController` and its decorators do is done
 * here by the same pieces: `TokenService` for the grant, `countSignInFailure` for the per-address
 * limit (`@SignInLimited`), the OAuth error table for failures (`@OAuthErrors`), and the same
 * no-store headers. The controller stays as the route's declaration and its API docs.
 */
export function tokenDirectRoute(app: INestApplication): DirectRoute {
  const tokens = app.get(TokenService);
  const limits = app.get(SignInLimits);
  const answerFailure = failureAnswerer(authErrors, 'oauth');
  return {
    method: 'POST',
    url: '/oauth/token',
    handler: async (request, reply) => {
      try {
        const body = await tokens.exchange(request.headers.authorization, request.body, request.ip);
        await reply.code(200).headers(NO_STORE).send(body);
      } catch (error) {
        countSignInFailure(limits, request, error);
        answerFailure(error, reply, request.headers);
      }
    },
  };
}

// RFC 6749 §5.1: a token response is never cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
