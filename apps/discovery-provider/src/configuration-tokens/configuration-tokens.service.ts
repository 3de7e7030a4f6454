import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { signToken } from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';
import { SigningKeysService } from '../keys/signing-keys.service';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { MembershipService } from '../registry/membership.service';
import { rows } from '../persistence/rows';
import { withRetry } from '../registry/with-retry';
import type {
  ConfigurationTokenSummary,
  IssueConfigurationToken,
  IssuedConfigurationToken,
} from './configuration-token.dto';

/** PROTOCOL.md 1.1 and 1.6: issue, list and revoke configuration tokens. */
@Injectable()
export class ConfigurationTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    private readonly keys: SigningKeysService,
    private readonly membership: MembershipService,
    private readonly metrics: DiscoveryMetrics,
  ) {}

  async issue(request: IssueConfigurationToken): Promise<IssuedConfigurationToken> {
    const jti = randomUUID();
    const permissions = [...new Set(request.permissions)];
    const key = this.keys.signingKey();
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt =
      request.expiresIn === undefined ? null : new Date((issuedAt + request.expiresIn) * 1000);
    const claims = {
      name: request.name,
      provider_host: this.config.publicUrl,
      permissions,
      iat: issuedAt,
    };
    const token = await signToken('configuration', claims, key, {
      issuer: this.config.publicUrl,
      jti,
      ...(request.expiresIn === undefined ? {} : { expiresInSec: request.expiresIn }),
    });
    await this.dataSource.query(
      `INSERT INTO discovery_configuration_token (jti, name, permissions, kid, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5), $6)`,
      [jti, request.name, permissions, key.kid, issuedAt, expiresAt],
    );
    return { token, jti, name: request.name, permissions, expiresAt: expiresAt?.toISOString() ?? null };
  }

  async list(): Promise<ConfigurationTokenSummary[]> {
    const rows: {
      jti: string;
      name: string;
      permissions: string[];
      issued_at: Date;
      expires_at: Date | null;
      revoked_at: Date | null;
      instances: number;
    }[] = await this.dataSource.query(
      `SELECT t.jti, t.name, t.permissions, t.issued_at, t.expires_at, t.revoked_at,
              (SELECT count(*)::int FROM discovery_instance i WHERE i.config_jti = t.jti) AS instances
         FROM discovery_configuration_token t ORDER BY t.issued_at, t.jti`,
    );
    return rows.map((r) => ({
      jti: r.jti,
      name: r.name,
      permissions: r.permissions,
      issuedAt: r.issued_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
      instances: r.instances,
    }));
  }

  /** Revokes the token and removes its instances in one transaction; repeating it is harmless. */
  async revoke(jti: string): Promise<{ jti: string; revoked: true; removedInstances: number }> {
    const removedInstances = await withRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const revoked = await rows<{ jti: string }>(
          manager,
          `UPDATE discovery_configuration_token SET revoked_at = coalesce(revoked_at, now()) WHERE jti = $1 RETURNING jti`,
          [jti],
        );
        if (revoked.length === 0)
          throw new DiscoveryError(DiscoveryErrorCode.NotFound, 'no configuration token with this jti');
        const ids: { id: string }[] = await manager.query(
          'SELECT id FROM discovery_instance WHERE config_jti = $1',
          [jti],
        );
        return this.membership.leaveIn(
          manager,
          ids.map((r) => r.id),
        );
      }),
    );
    this.membership.notify(removedInstances);
    this.metrics.removals.inc({ reason: 'revoked' }, removedInstances);
    return { jti, revoked: true, removedInstances };
  }
}
