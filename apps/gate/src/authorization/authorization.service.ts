import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import {
  challengeCheckRequestSchema,
  httpRevocationSource,
  JsonRpcErrorCode,
  JsonRpcException,
  RevocationList,
} from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { GATE_CONFIG, type GateConfig } from '../config';
import type { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { encodeNotification } from '../jsonrpc';
import { AnonymousMethods } from './access-policy';
import { ChallengeVerifier } from './challenge-verifier';
import { SecretStore } from './secret-store';
import { TokenVerifier } from './token-verifier';

/**
 * Binds connections to users (PROTOCOL.md 3.2): a challenge signed with the user's key and checked
 * by the auth service, or an auth-service access token checked locally. A token login lapses at
 * the token's `exp`: the connection becomes anonymous again, is told so with an `auth.expired`
 * notification followed by a fresh `sign` secret, and may re-authorize (before or after expiry).
 * The same happens, within GATE_REVOCATION_POLL_MS, to a connection whose token auth revoked or
 * whose user auth disabled (token and challenge logins alike), from auth's revocation feed.
 */
@Injectable()
export class AuthorizationService implements OnModuleInit, OnModuleDestroy {
  readonly enabled: boolean;
  private readonly anonymous: AnonymousMethods;
  private readonly challenges: ChallengeVerifier;
  private readonly tokens: TokenVerifier;
  private readonly revocations: RevocationList | undefined;

  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    private readonly registry: ConnectionRegistry,
  ) {
    this.enabled = config.authEnabled;
    this.anonymous = new AnonymousMethods(config.anonymousMethods);
    const { url: authUrl, clientId, clientSecret, timeoutMs } = config.auth;
    this.challenges = new ChallengeVerifier({ authUrl, clientId, clientSecret, timeoutMs }, logger);
    this.revocations =
      this.enabled && clientSecret !== undefined
        ? new RevocationList({
            source: httpRevocationSource({
              url: `${authUrl}/oauth/revocations`,
              clientId,
              clientSecret,
              timeoutMs,
            }),
            pollMs: config.auth.revocationPollMs,
            onChange: () => this.dropRevoked(),
            onError: (error) =>
              logger.warn(
                { err: error },
                'could not reload revocations from auth; the last list stays in force',
              ),
          })
        : undefined;
    this.tokens = new TokenVerifier(
      config.auth.jwksUrl,
      config.auth.issuer,
      config.auth.audience,
      this.revocations,
    );
  }

  onModuleInit(): void {
    // Not awaited: the gate serves while auth is still starting; the first load follows within a poll.
    void this.revocations?.start();
  }

  onModuleDestroy(): void {
    this.revocations?.stop();
  }

  /** Pushes the secret to sign right after connect (PROTOCOL.md 3.2): a client logs in without asking first. */
  greet(connection: ClientConnection): void {
    if (this.enabled) connection.send(encodeNotification('sign', { secret: this.issueSecret(connection) }));
  }

  generateSecret(connection: ClientConnection, now = Date.now()): { secret: string } {
    return { secret: this.issueSecret(connection, now) };
  }

  /** May this connection call `method` (after noticing a lapsed token login)? */
  allows(connection: ClientConnection, method: string, now: number): boolean {
    if (!this.enabled) return true;
    if (connection.tokenExpiresAt !== 0 && now >= connection.tokenExpiresAt) this.expire(connection);
    return connection.user !== null || this.anonymous.allows(method);
  }

  async authorize(connection: ClientConnection, params: unknown): Promise<{ status: 'OK' }> {
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      throw malformed('params must be an object');
    const { token } = params as { token?: unknown };
    if (token !== undefined) {
      if (typeof token !== 'string') throw malformed('token must be a string');
      const login = await this.tokens.verify(token);
      this.bind(connection, login.user, login.roles, login.expiresAt, login.tokenId);
      return { status: 'OK' };
    }
    const parsed = challengeCheckRequestSchema.safeParse(params);
    if (!parsed.success) throw malformed('expected {user, secret, sign} strings, or {token}');
    if (!connection.secrets?.consume(parsed.data.secret, Date.now())) {
      throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, {
        reason: 'secret was not issued to this connection, was already used, or expired',
      });
    }
    // The end client's address, so auth throttles this client rather than the gate (PROTOCOL 2.8).
    const checked = await this.challenges.verify({ ...parsed.data, clientIp: connection.ip });
    this.bind(connection, checked.user, checked.roles, 0, undefined);
    return { status: 'OK' };
  }

  /** Called for lapsed token logins, on their next call or by the heartbeat sweep, and for revoked ones. */
  expire(connection: ClientConnection, reason = 'access token expired'): void {
    const user = connection.user;
    connection.setAnonymous();
    connection.send(encodeNotification('auth.expired', { user, reason }));
    this.greet(connection);
  }

  /** After each change of auth's revocation list: connections whose login it revokes lose it. */
  private dropRevoked(): void {
    const list = this.revocations;
    if (!list) return;
    for (const connection of this.registry.all()) {
      const user = connection.user;
      if (user === null) continue;
      const revoked =
        connection.tokenId !== undefined
          ? list.isRevoked({ jti: connection.tokenId, sub: user, sub_type: 'user' })
          : list.isUserDisabled(user);
      if (revoked) this.expire(connection, 'authorization revoked');
    }
  }

  private bind(
    connection: ClientConnection,
    user: string,
    roles: string[],
    expiresAt: number,
    tokenId: string | undefined,
  ): void {
    if (connection.user !== null && connection.user !== user) {
      throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, {
        reason: 'connection is bound to another user',
      });
    }
    if (!connection.open)
      throw new JsonRpcException(JsonRpcErrorCode.ChannelFatal, undefined, { reason: 'connection closed' });
    connection.user = user;
    connection.roles = Object.freeze([...roles]);
    connection.tokenExpiresAt = expiresAt;
    connection.tokenId = tokenId;
    connection.secrets = undefined;
    this.registry.authorized(connection);
  }

  private issueSecret(connection: ClientConnection, now = Date.now()): string {
    connection.secrets ??= new SecretStore(this.config.auth.secretTtlMs);
    return connection.secrets.issue(now);
  }
}

function malformed(reason: string): JsonRpcException {
  return new JsonRpcException(JsonRpcErrorCode.InvalidAuthFormat, undefined, { reason });
}
