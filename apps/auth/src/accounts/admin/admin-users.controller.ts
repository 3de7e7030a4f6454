import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiZodResponse } from '@gatehouse/platform';
import { publicKeyViewSchema, userViewSchema, userWithKeysSchema } from '../accounts.openapi';
import { ApiAuthErrors, AuthErrors } from '../../errors';
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
@AuthErrors()
@ApiAuthErrors(400, 401, 403, 404)
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiZodResponse(201, userWithKeysSchema, 'the new user')
  @ApiAuthErrors(409)
  create(@OAuthBody(createUserBodySchema) body: CreateUserBody): Promise<UserWithKeys> {
    return this.users.create(body);
  }

  @Get(':username')
  @ApiZodResponse(200, userWithKeysSchema, 'the user and its keys')
  get(@Param('username') username: string): Promise<UserWithKeys> {
    return this.users.get(username);
  }

  @Post(':username/disable')
  @HttpCode(200)
  @ApiZodResponse(200, userViewSchema, 'the user')
  disable(@Param('username') username: string): Promise<UserView> {
    return this.users.setDisabled(username, true);
  }

  @Post(':username/enable')
  @HttpCode(200)
  @ApiZodResponse(200, userViewSchema, 'the user')
  enable(@Param('username') username: string): Promise<UserView> {
    return this.users.setDisabled(username, false);
  }

  @Put(':username/roles')
  @ApiZodResponse(200, userViewSchema, 'the user')
  setRoles(
    @Param('username') username: string,
    @OAuthBody(rolesBodySchema) body: RolesBody,
  ): Promise<UserView> {
    return this.users.setRoles(username, body.roles);
  }

  @Post(':username/keys')
  @ApiZodResponse(201, publicKeyViewSchema, 'the registered key')
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
