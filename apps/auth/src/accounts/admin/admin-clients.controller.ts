import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OAuthErrors } from '../../errors';
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
@OAuthErrors()
export class AdminClientsController {
  constructor(private readonly clients: ClientsService) {}

  /** The answer carries `clientSecret`: the only time it is ever shown. */
  @Post()
  create(@OAuthBody(createClientBodySchema) body: CreateClientBody): Promise<ClientWithSecret> {
    const { clientId, ...settings } = body;
    return this.clients.create(clientId, settings);
  }

  @Get(':clientId')
  get(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.get(clientId);
  }

  @Patch(':clientId')
  update(
    @Param('clientId') clientId: string,
    @OAuthBody(updateClientBodySchema) body: UpdateClientBody,
  ): Promise<ClientView> {
    return this.clients.update(clientId, body);
  }

  @Post(':clientId/disable')
  @HttpCode(200)
  disable(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.setDisabled(clientId, true);
  }

  @Post(':clientId/enable')
  @HttpCode(200)
  enable(@Param('clientId') clientId: string): Promise<ClientView> {
    return this.clients.setDisabled(clientId, false);
  }

  /** A fresh server-generated secret, shown once; the old one stops working. */
  @Post(':clientId/secret')
  @HttpCode(200)
  rotateSecret(@Param('clientId') clientId: string): Promise<ClientWithSecret> {
    return this.clients.rotateSecret(clientId);
  }
}
