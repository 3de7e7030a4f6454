import { NEEDS_NEW_VERSION } from '../delivery/outbox.repository';

/**
 * A registration in one statement (after the service locks): check the configuration token (FOR
 * SHARE against a concurrent revocation), insert the instance unless its key is already registered,
 * issue its pair tokens, and queue pushes to it and to every instance it affects (see affected.ts),
 * in instance-id order so concurrent transactions lock outbox rows in one order. One round trip
 * instead of seven: with the service locks held for the whole transaction, round trips were what
 * registrations queued behind.
 *
 * $1 id, $2 service, $3 permissions, $4 config jti, $5 host, $6 gate_host, $7 ip, $8 key hash,
 * $9 ping interval ms, $10/$11/$12 pair-token ids, tokens and callee services.
 */
export const JOIN_SQL = `
WITH token AS (
  SELECT true AS known, revoked_at, expires_at <= now() AS expired
    FROM discovery_configuration_token WHERE jti = $4 FOR SHARE
), inserted AS (
  INSERT INTO discovery_instance (id, service, permissions, config_jti, host, gate_host, ip, key_hash,
    registered_at, last_seen_at, next_ping_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, now(), now(), now() + $9 * interval '1 millisecond'
   WHERE EXISTS (SELECT 1 FROM token WHERE revoked_at IS NULL AND expired IS NOT TRUE)
  ON CONFLICT (key_hash) DO NOTHING RETURNING id
), pair_tokens AS (
  INSERT INTO discovery_pair_token (id, token, caller_instance_id, callee_service, created_at)
  SELECT t.id, t.token, inserted.id, t.callee, now()
    FROM inserted, unnest($10::uuid[], $11::varchar[], $12::varchar[]) AS t(id, token, callee)
), queued AS (
  INSERT INTO discovery_outbox (instance_id, version, due_at)
  SELECT q.id, 1, now() FROM (
    SELECT id FROM inserted
    UNION
    SELECT i.id FROM discovery_instance i
     WHERE EXISTS (SELECT 1 FROM inserted) AND (i.permissions @> ARRAY[$2]::text[] OR i.service = ANY($3::varchar[]))
  ) q ORDER BY q.id
  ON CONFLICT (instance_id) DO UPDATE
    SET version = discovery_outbox.version + 1, due_at = now(), attempts = 0
    WHERE ${NEEDS_NEW_VERSION}
)
SELECT (SELECT id FROM inserted) AS inserted_id,
       token.known, token.revoked_at, token.expired,
       nextval('discovery_revision_seq') AS revision
  FROM (SELECT 1) one LEFT JOIN token ON true`;

export interface JoinRow {
  inserted_id: string | null;
  known: boolean | null;
  revoked_at: Date | null;
  expired: boolean | null;
  revision: string;
}
