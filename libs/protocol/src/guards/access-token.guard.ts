import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isTokenError } from '../jwt/token-error';
import { parseScope, type AccessTokenClaims } from '../schemas/access-token.schema';
import { ACCESS_TOKEN_VERIFIER, AccessTokenVerifier } from './access-token.verifier';
import { REQUIRED_ROLES_KEY, REQUIRED_SCOPES_KEY, type AuthenticatedRequest } from './auth-metadata';
import { OAuthHttpException } from './oauth-http.exception';

// RFC 6750 2.1 b64token after the scheme.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Authenticates HTTP requests with an access token from the auth service, then enforces
 * @RequireRoles / @RequireScopes. Failures are RFC 6750 answers (401/403, or 503 when the JWKS is
 * unreachable), never a 500. The challenge header is also set here, so it survives an app filter
 * that reshapes the body.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Only HTTP carries an Authorization header; WebSocket and RPC transports authenticate otherwise.
    if (context.getType() !== 'http') return false;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      request.auth = await this.authenticate(request.headers.authorization);
      this.authorize(context, request.auth);
      return true;
    } catch (error) {
      if (error instanceof OAuthHttpException && error.wwwAuthenticate !== undefined) {
        // `header()`: express's Response and fastify's reply both have it.
        http
          .getResponse<{ header(name: string, value: string): unknown }>()
          .header('WWW-Authenticate', error.wwwAuthenticate);
      }
      throw error;
    }
  }

  private async authenticate(header: string | undefined): Promise<AccessTokenClaims> {
    if (header === undefined || !/^bearer(\s|$)/i.test(header)) throw OAuthHttpException.missingToken();
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw OAuthHttpException.invalidToken('token is malformed');
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (!isTokenError(error)) throw error;
      if (error.code === 'keys_unavailable') throw OAuthHttpException.unavailable(error.message);
      throw OAuthHttpException.invalidToken(error.message);
    }
  }

  private authorize(context: ExecutionContext, claims: AccessTokenClaims): void {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES_KEY, targets) ?? [];
    if (roles.length > 0 && !roles.some((role) => claims.roles.includes(role))) {
      throw OAuthHttpException.insufficientScope(`one of the roles ${roles.join(', ')} is required`, []);
    }
    const scopes = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES_KEY, targets);
    const granted = new Set(parseScope(claims.scope));
    if (!scopes.every((scope) => granted.has(scope))) {
      throw OAuthHttpException.insufficientScope('the token lacks a required scope', scopes);
    }
  }
}
