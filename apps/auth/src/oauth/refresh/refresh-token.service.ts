import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { parseScope, type RefreshTokenClaims } from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { AuthError } from '../../errors';
import type { OAuthClient } from '../client-auth/oauth-client';
import { resolveScope } from '../scope/scope';
import { TokenIssuer } from '../tokens/token-issuer.service';
import { RefreshTokenVerifier } from '../tokens/refresh-token.verifier';
import type { TokenSubject } from '../tokens/token-subject';
import { refreshTokenHash } from './refresh-token.hash';
import { RefreshTokenRepository } from './refresh-token.repository';

export interface RotatedRefreshToken {
  /** Whom the new access token is for (roles still to be looked up), with the scope asked for now. */
  subject: Omit<TokenSubject, 'roles'>;
  familyId: string;
  refreshToken: string;
  /** For a user subject, read in the rotating statement: null when the user no longer exists. */
  user: { roles: string[]; disabled: boolean } | null;
}

/**
 * Refresh-token families. Every use rotates; reuse of a consumed token revokes the family.
 *
 * Grace window: none. A second use of a consumed token, even milliseconds later, is reuse. A
 * grace window that hands back the same child would need the child kept in a recoverable form
 * and would turn "50 concurrent uses give exactly one success" into fifty successes; a window
 * that only skips the revocation would let a thief who refreshes first keep the family alive
 * while the victim is turned away. A client that double-submits loses its session and signs in
 * again, which is the safe failure.
 */
@Injectable()
export class RefreshTokenService {
  private readonly logger = componentLogger(RefreshTokenService.name);

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly verifier: RefreshTokenVerifier,
    private readonly issuer: TokenIssuer,
    private readonly repository: RefreshTokenRepository,
  ) {}

  /** Opens a family at sign-in. */
  async start(subject: TokenSubject): Promise<string> {
    const familyId = randomUUID();
    const now = Date.now();
    const ttl = Math.min(this.config.refreshTokenTtlSec, this.config.refreshFamilyTtlSec);
    const issued = this.issuer.refresh(subject, familyId, ttl);
    await this.repository.insert({
      hash: refreshTokenHash(issued.token),
      familyId,
      clientId: subject.clientId,
      subject: subject.sub,
      subjectType: subject.subjectType,
      scope: subject.scope.join(' '),
      expiresAt: new Date(now + ttl * 1000),
      familyExpiresAt: new Date(now + this.config.refreshFamilyTtlSec * 1000),
    });
    return issued.token;
  }

  async rotate(
    token: string,
    client: OAuthClient,
    requestedScope: string | undefined,
  ): Promise<RotatedRefreshToken> {
    const claims = await this.verifier.verify(token);
    if (!claims || claims.client_id !== client.clientId)
      throw AuthError.invalidGrant('refresh token is invalid, expired or revoked');
    const familyScope = parseScope(typeof claims['scope'] === 'string' ? claims['scope'] : undefined);
    // RFC 6749 §6: the new access token may narrow the scope; the family keeps its own.
    const scope = resolveScope(
      requestedScope,
      familyScope.filter((s) => client.scopes.includes(s)),
    );
    const familySubject = {
      sub: claims.sub,
      subjectType: 'user' as const,
      clientId: client.clientId,
      scope: familyScope,
      roles: [],
    };
    const child = this.issuer.refresh(familySubject, claims.sid, this.config.refreshTokenTtlSec);
    const hash = refreshTokenHash(token);
    const childExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSec * 1000);
    const consumed = await this.repository.rotate(
      hash,
      client.clientId,
      refreshTokenHash(child.token),
      childExpiresAt,
    );
    if (!consumed) throw await this.refusal(hash);
    const subject = {
      sub: consumed.subject,
      subjectType: consumed.subjectType,
      clientId: client.clientId,
      scope,
    };
    return { subject, familyId: consumed.familyId, refreshToken: child.token, user: consumed.user };
  }

  /** Ends a family whose subject may no longer sign in (disabled or deleted). */
  async revokeFamily(familyId: string): Promise<void> {
    await this.repository.revokeFamily(familyId);
  }

  /** RFC 7009 for a refresh token: revokes its family when it belongs to `clientId`. */
  async revoke(token: string, clientId: string): Promise<boolean> {
    const found = await this.repository.state(refreshTokenHash(token));
    if (!found.familyId || found.clientId !== clientId) return false;
    await this.repository.revokeFamily(found.familyId);
    return true;
  }

  /** Claims of a refresh token that is signed by us and still usable; undefined otherwise. */
  async active(token: string): Promise<(RefreshTokenClaims & { exp: number }) | undefined> {
    const claims = await this.verifier.verify(token);
    if (!claims) return undefined;
    const found = await this.repository.state(refreshTokenHash(token));
    if (found.state !== 'active' || !found.expiresAt) return undefined;
    return { ...claims, exp: Math.min(claims.exp, Math.floor(found.expiresAt.getTime() / 1000)) };
  }

  purgeExpired(): Promise<number> {
    return this.repository.purgeExpired();
  }

  private async refusal(hash: string): Promise<AuthError> {
    const { state, familyId } = await this.repository.state(hash);
    if (state === 'consumed' && familyId) {
      const revoked = await this.repository.revokeFamily(familyId);
      this.logger.warn(`refresh token reuse detected; family ${familyId} revoked (${revoked} tokens)`);
      return AuthError.invalidGrant('refresh token was already used; the session is revoked');
    }
    return AuthError.invalidGrant('refresh token is invalid, expired or revoked');
  }
}
