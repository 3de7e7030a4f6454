import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import type { InstanceSummary, PermissionGraph, ServiceSummary } from './explorer.schemas';

/** Read-only registry views for the explorer. Never selects a token: the page must not leak one. */
@Injectable()
export class ExplorerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
  ) {}

  services(): Promise<ServiceSummary[]> {
    return this.dataSource.query(
      // DISTINCT: the permissions are unnested beside each instance, one row per permission.
      `SELECT service AS name, count(DISTINCT id)::int AS instances,
              coalesce(array_agg(DISTINCT p ORDER BY p) FILTER (WHERE p IS NOT NULL), '{}') AS permissions
         FROM discovery_instance LEFT JOIN LATERAL unnest(permissions) p ON true
        GROUP BY service ORDER BY service`,
    );
  }

  async instances(): Promise<InstanceSummary[]> {
    const rows: {
      id: string;
      service: string;
      host: string;
      gate_host: string;
      ip: string;
      registered_at: Date;
      last_seen_at: Date;
      late: boolean;
      ping_failures: number;
      push_pending: boolean;
    }[] = await this.dataSource.query(
      `SELECT i.id, i.service, i.host, i.gate_host, i.ip, i.registered_at, i.last_seen_at, i.ping_failures,
              i.last_seen_at < now() - $1 * interval '1 millisecond' AS late,
              EXISTS (SELECT 1 FROM discovery_outbox o WHERE o.instance_id = i.id) AS push_pending
         FROM discovery_instance i ORDER BY i.service, i.registered_at`,
      [this.config.liveness.pingIntervalMs * 2],
    );
    return rows.map((r) => ({
      id: r.id,
      service: r.service,
      host: r.host,
      gateHost: r.gate_host,
      ip: r.ip,
      registeredAt: r.registered_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      health: r.late ? 'late' : 'healthy',
      pingFailures: r.ping_failures,
      pushPending: r.push_pending,
    }));
  }

  async graph(): Promise<PermissionGraph> {
    const services = await this.services();
    const live = new Set(services.map((s) => s.name));
    const edges = services.flatMap((s) =>
      s.permissions.map((to) => ({ from: s.name, to, live: live.has(to) })),
    );
    return { nodes: services.map((s) => ({ service: s.name, instances: s.instances })), edges };
  }
}
