import { Controller, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { deregisterBodySchema, type RegisterBody, registerBodySchema } from '@gatehouse/protocol';
import { ApiZodResponse, clientAddress, type TrustedProxies, ZodBody } from '@gatehouse/platform';
import { ApiDiscoveryErrors, DiscoveryErrorFilter } from '../errors';
import { TRUSTED_PROXIES } from '../registry/registry.tokens';
import { type PeerRequest, RawRequest } from './client-address.decorator';
import { type Registered, RegistrationService } from './registration.service';

const registeredSchema = z.object({
  status: z.literal('registered'),
  name: z.string(),
  instanceId: z.uuid(),
  revision: z.number().int(),
});

@ApiTags('registration')
@Controller()
@UseFilters(DiscoveryErrorFilter)
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    @Inject(TRUSTED_PROXIES) private readonly trustedProxies: TrustedProxies,
  ) {}

  @Post('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a service instance (PROTOCOL.md 1.2); answers after the confirm call' })
  @ApiZodResponse(200, registeredSchema, 'registered, confirmed and stored')
  @ApiDiscoveryErrors(400, 401, 403, 502, 503, 504)
  register(
    @ZodBody(registerBodySchema) body: RegisterBody,
    @RawRequest() request: PeerRequest,
  ): Promise<Registered> {
    return this.registration.register(
      body,
      clientAddress(request.socket.remoteAddress, request.headers, this.trustedProxies),
    );
  }

  @Post('deregister')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the instance registered with this key' })
  @ApiZodResponse(200, z.object({ status: z.literal('deregistered') }), 'removed')
  @ApiDiscoveryErrors(400, 401, 404)
  deregister(@ZodBody(deregisterBodySchema) body: RegisterBody): Promise<{ status: 'deregistered' }> {
    return this.registration.deregister(body);
  }
}
