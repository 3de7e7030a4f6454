import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthError } from '../../errors';
import { AccountsService } from '../accounts.service';
import type { AuthenticatedClient } from '../accounts.types';
import { parseBasicCredentials } from './basic-credentials';

const callers = new WeakMap<FastifyRequest, AuthenticatedClient>();

/** Lets through only a client that authenticates with HTTP Basic (e.g. the gate). */
@Injectable()
export class ClientBasicAuthGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentials = parseBasicCredentials(request.headers.authorization);
    if (!credentials) throw AuthError.invalidClient('client authentication required (HTTP Basic)');
    callers.set(
      request,
      await this.accounts.authenticateClient(credentials.clientId, credentials.clientSecret),
    );
    return true;
  }
}

/** The client `ClientBasicAuthGuard` authenticated. */
export const CallerClient = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedClient => {
    const caller = callers.get(context.switchToHttp().getRequest<FastifyRequest>());
    if (!caller) throw AuthError.invalidClient('client authentication required (HTTP Basic)');
    return caller;
  },
);
