import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OAuthErrors } from '../../errors';
import { OAuthBody } from '../validation/oauth-body.decorator';
import type { PublicKeyView, UserView } from '../accounts.types';
import { type UserWithKeys, UsersService } from '../users/users.service';
import { AdminOnly } from './admin-only.decorator';
import {
  type CreateUserBody,
  createUserBodySchema,
  type PublicKeyBody,
  publicKeyBodySchema,
  type RolesBody,
  rolesBodySchema,
} from './admin.schemas';

@ApiTags('admin')
@Controller('admin/users')
@AdminOnly()
@OAuthErrors()
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@OAuthBody(createUserBodySchema) body: CreateUserBody): Promise<UserWithKeys> {
    return this.users.create(body);
  }

  @Get(':username')
  get(@Param('username') username: string): Promise<UserWithKeys> {
    return this.users.get(username);
  }

  @Post(':username/disable')
  @HttpCode(200)
  disable(@Param('username') username: string): Promise<UserView> {
    return this.users.setDisabled(username, true);
  }

  @Post(':username/enable')
  @HttpCode(200)
  enable(@Param('username') username: string): Promise<UserView> {
    return this.users.setDisabled(username, false);
  }

  @Put(':username/roles')
  setRoles(
    @Param('username') username: string,
    @OAuthBody(rolesBodySchema) body: RolesBody,
  ): Promise<UserView> {
    return this.users.setRoles(username, body.roles);
  }

  @Post(':username/keys')
  addKey(
    @Param('username') username: string,
    @OAuthBody(publicKeyBodySchema) body: PublicKeyBody,
  ): Promise<PublicKeyView> {
    return this.users.addPublicKey(username, body.publicKey);
  }

  @Delete(':username/keys/:keyId')
  @HttpCode(204)
  removeKey(@Param('username') username: string, @Param('keyId') keyId: string): Promise<void> {
    return this.users.removePublicKey(username, keyId);
  }
}
