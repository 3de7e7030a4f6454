import type { INestApplication } from '@nestjs/common';
import { registerBodySchema } from '@gatehouse/protocol';
import {
  clientAddress,
  type DirectRoute,
  failureAnswerer,
  type TrustedProxies,
  ZodValidationPipe,
} from '@gatehouse/platform';
import { discoveryErrors } from '../errors';
import { TRUSTED_PROXIES } from '../registry/registry.tokens';
import { RegistrationService } from './registration.service';

/**
 * `POST /register` served without Nest's per-request pipeline (platform `directRoutes`), the
 * provider's one hot inbound route. What `RegistrationController.register` and its decorators do
 * is done here by the same pieces: the body's schema through the same pipe (`@ZodBody`), the
 * client-address rule, `RegistrationService`, and the provider's error table for failures
 * (`DiscoveryErrorFilter`). The controller stays as the route's declaration and its API docs.
 */
export function registrationDirectRoute(app: INestApplication): DirectRoute {
  const registration = app.get(RegistrationService);
  const trustedProxies = app.get<TrustedProxies>(TRUSTED_PROXIES);
  const body = new ZodValidationPipe(registerBodySchema);
  const answerFailure = failureAnswerer(discoveryErrors);
  return {
    method: 'POST',
    url: '/register',
    handler: async (request, reply) => {
      try {
        const registered = await registration.register(
          body.transform(request.body),
          clientAddress(request.socket.remoteAddress, request.headers, trustedProxies),
        );
        await reply.code(200).send(registered);
      } catch (error) {
        answerFailure(error, reply, request.headers);
      }
    },
  };
}
