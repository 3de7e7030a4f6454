import { Controller, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { deregisterBodySchema, type RegisterBody, registerBodySchema } from '@gatehouse/protocol';
import { ZodBody } from '@gatehouse/platform';
import { DiscoveryErrorFilter } from '../errors';
import type { AddressList } from '../net/address-list';
import { clientIp } from '../net/client-ip';
import { TRUSTED_PROXIES } from '../registry/registry.tokens';
import { RawRequest } from './client-address.decorator';
import { type Registered, RegistrationService } from './registration.service';

const PROOF_EXAMPLE = { schema: { example: { token: '<HS256 service_token>', signature: '<256-bit key>' } } };

@ApiTags('registration')
@Controller()
@UseFilters(DiscoveryErrorFilter)
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    @Inject(TRUSTED_PROXIES) private readonly trustedProxies: AddressList,
  ) {}

  @Post('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a service instance (PROTOCOL 1.2); answers after the confirm call' })
  @ApiBody(PROOF_EXAMPLE)
  register(@ZodBody(registerBodySchema) body: RegisterBody, @RawRequest() request: Request): Promise<Registered> {
    return this.registration.register(body, clientIp(request, this.trustedProxies));
  }

  @Post('deregister')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the instance registered with this key' })
  @ApiBody(PROOF_EXAMPLE)
  deregister(@ZodBody(deregisterBodySchema) body: RegisterBody): Promise<{ status: 'deregistered' }> {
    return this.registration.deregister(body);
  }
}
