import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runStatement, type Statement } from '../persistence/statement';

export interface UpdateBody {
  method: 'update';
  permissions: Record<string, { host: string; token: string }>;
  allows: Record<string, string>;
  /** Who presents each token of `allows`, so a callee can tell its callers apart (a facade: the gate). */
  callers: Record<string, string>;
  revision: number;
  hosts: Record<string, string[]>;
}

export interface InstanceView {
  gateHost: string;
  body: UpdateBody;
}

interface ViewRow {
  id: string;
  gate_host: string;
  callees: [string, string][];
  tokens: Record<string, string>;
  peers: { allows: Record<string, string> | null; callers: Record<string, string> | null };
  revision: string;
}

// One round trip: the instance, live callees (oldest first), its current token per callee, the
// tokens its callers present (including rotated ones still inside their overlap window) with each
// caller's IP and service name, built in one scan, and a
// revision from the one sequence all replicas share. `OFFSET 0` keeps the caller's own tokens on the
// (caller, callee) index: without it, on fresh statistics (a burst of registrations before the first
// ANALYZE) PostgreSQL also bitmap-scans the whole "not revoked" partial index, O(all tokens) per push.
const VIEW: Statement = {
  name: 'gatehouse_discovery_views',
  text: `
SELECT me.id, me.gate_host,
  (SELECT coalesce(json_agg(json_build_array(i.service, i.host) ORDER BY i.registered_at, i.id), '[]'::json)
     FROM discovery_instance i WHERE i.service = ANY(me.permissions)) AS callees,
  (SELECT coalesce(json_object_agg(t.callee_service, t.token), '{}'::json) FROM (
     SELECT DISTINCT ON (callee_service) callee_service, token FROM (
       SELECT callee_service, token, created_at, revoked_at, retire_at FROM discovery_pair_token
        WHERE caller_instance_id = me.id OFFSET 0) mine
      WHERE revoked_at IS NULL AND retire_at IS NULL
      ORDER BY callee_service, created_at DESC) t) AS tokens,
  (SELECT json_build_object('allows', json_object_agg(p.token, i.ip), 'callers', json_object_agg(p.token, i.service))
     FROM discovery_pair_token p JOIN discovery_instance i ON i.id = p.caller_instance_id
    WHERE p.callee_service = me.service AND p.revoked_at IS NULL
      AND (p.retire_at IS NULL OR p.retire_at > now())) AS peers,
  nextval('discovery_revision_seq') AS revision
FROM discovery_instance me WHERE me.id = ANY($1::uuid[])`,
};

/** The full current view of one instance, exactly as PROTOCOL.md 1.4 pushes it. */
@Injectable()
export class ViewBuilder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Full views of the instances still registered, by id (one round trip for a whole batch). */
  async buildMany(instanceIds: readonly string[]): Promise<Map<string, InstanceView>> {
    const views = new Map<string, InstanceView>();
    if (instanceIds.length === 0) return views;
    const rows = await runStatement<ViewRow>(this.dataSource, VIEW, [instanceIds]);
    for (const row of rows) views.set(row.id, toView(row));
    return views;
  }
}

function toView(row: ViewRow): InstanceView {
  const permissions: UpdateBody['permissions'] = {};
  const hosts: UpdateBody['hosts'] = {};
  for (const [service, host] of row.callees) {
    const token = row.tokens[service];
    if (token === undefined) continue;
    permissions[service] ??= { host, token };
    (hosts[service] ??= []).push(host);
  }
  return {
    gateHost: row.gate_host,
    body: {
      method: 'update',
      permissions,
      // json_object_agg over no rows is null.
      allows: row.peers.allows ?? {},
      callers: row.peers.callers ?? {},
      revision: Number(row.revision),
      hosts,
    },
  };
}
