import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { clientViewSchema, clientWithSecretSchema } from '../accounts.openapi';
import { ApiAuthErrors, AuthErrors } from '../../errors';
import { OAuthBody } from '../validation/oauth-body.decorator';
import type { ClientView } from '../accounts.types';
import { type ClientWithSecret, ClientsService } from '../clients/clients.service';
import { AdminOnly } from './admin-only.decorator';
import {
  type CreateClientBody,
  createClientBodySchema,
  type UpdateClientBody,
  updateClientBodySchema,
} from './admin.schemas';

@ApiTags('admin')
@Controller('admin/clients')
@AdminOnly()
@AuthErrors()
@ApiAuthErrors(400, 401, 403, 404)
export class AdminClientsController {
  constructor(private readonly clients: ClientsService) {}

  /** The answer carries `clientSecret`: the only time it is ever shown. */
  @Post()
  @ApiZodResponse(201, clientWithSecretSchema, 'the new client and its secret, shown once')
  @ApiAuthErrors(409)
  create(@OAuthBody(createClientBodySchema) body: CreateClientBody): Promise<ClientWithSecret> {
    const { clientId, ...settings } = body;
    return this.clients.create(clientId, settings);
  }

  @Get(':clientId')
  @ApiZodResponse(200, clientViewSchema, 'the client')
  get(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.get(clientId);
  }

  @Patch(':clientId')
  @ApiZodResponse(200, clientViewSchema, 'the client')
  update(
    @Param('clientId') clientId: string,
    @OAuthBody(updateClientBodySchema) body: UpdateClientBody,
  ): Promise<ClientView> {
    return this.clients.update(clientId, body);
  }

  @Post(':clientId/disable')
  @HttpCode(200)
  @ApiZodResponse(200, clientViewSchema, 'the client')
  disable(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.setDisabled(clientId, true);
  }

  @Post(':clientId/enable')
  @HttpCode(200)
  @ApiZodResponse(200, clientViewSchema, 'the client')
  enable(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.setDisabled(clientId, false);
  }

  /** A fresh server-generated secret, shown once; the old one stops working. */
  @Post(':clientId/secret')
  @HttpCode(200)
  @ApiZodResponse(200, clientWithSecretSchema, 'the new secret, shown once')
  rotateSecret(@Param('clientId') clientId: string): Promise<ClientWithSecret> {
    return this.clients.rotateSecret(clientId);
  }
}
