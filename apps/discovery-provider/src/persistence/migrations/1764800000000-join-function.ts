import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registration's write as one round trip: `discovery_join` takes the service locks and runs the
 * join statement that `MembershipRepository.join` used to send as BEGIN, locks, statement, COMMIT
 * (four round trips on one checked-out connection, with the locks held across all of them). The
 * statements and their order are unchanged: PL/pgSQL gives each statement of a volatile function
 * its own snapshot in READ COMMITTED, so the statement sees every change committed while the locks
 * waited, as the separate statements of the transaction did; and the lookup of an instance whose
 * key was registered concurrently is a statement of its own, so it sees that insert.
 *
 * The join statement: check the configuration token (FOR SHARE against a concurrent revocation),
 * insert the instance unless its key is already registered, issue its pair tokens, and queue
 * pushes to it and to every instance it affects, in instance-id order so concurrent transactions
 * lock outbox rows in one order. The outbox condition is `NEEDS_NEW_VERSION` of outbox.repository.
 */
export class JoinFunction1764800000000 implements MigrationInterface {
  name = 'JoinFunction1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "discovery_join"(p_id uuid, p_service varchar, p_permissions text[], p_config_jti uuid,
        p_host varchar, p_gate_host varchar, p_ip varchar, p_key_hash varchar, p_ping_ms int,
        p_pair_ids uuid[], p_pair_tokens varchar[], p_callees varchar[], p_lock_keys bigint[])
      RETURNS TABLE ("instance_id" uuid, "known" boolean, "revoked_at" timestamptz, "expired" boolean, "revision" bigint)
      LANGUAGE plpgsql VOLATILE AS $fn$
      #variable_conflict use_column
      DECLARE
        r record;
        v_existing uuid;
      BEGIN
        -- Ascending order, as every membership change takes them, so transactions never deadlock on them.
        PERFORM pg_advisory_xact_lock(k) FROM unnest(p_lock_keys) AS k ORDER BY k;
        WITH token AS (
          SELECT true AS known, t.revoked_at, t.expires_at <= now() AS expired
            FROM discovery_configuration_token t WHERE t.jti = p_config_jti FOR SHARE
        ), inserted AS (
          INSERT INTO discovery_instance (id, service, permissions, config_jti, host, gate_host, ip, key_hash,
            registered_at, last_seen_at, next_ping_at)
          SELECT p_id, p_service, p_permissions, p_config_jti, p_host, p_gate_host, p_ip, p_key_hash,
                 now(), now(), now() + p_ping_ms * interval '1 millisecond'
           WHERE EXISTS (SELECT 1 FROM token WHERE token.revoked_at IS NULL AND token.expired IS NOT TRUE)
          ON CONFLICT (key_hash) DO NOTHING RETURNING id
        ), pair_tokens AS (
          INSERT INTO discovery_pair_token (id, token, caller_instance_id, callee_service, created_at)
          SELECT t.id, t.token, inserted.id, t.callee, now()
            FROM inserted, unnest(p_pair_ids, p_pair_tokens, p_callees) AS t(id, token, callee)
        ), queued AS (
          INSERT INTO discovery_outbox (instance_id, version, due_at)
          SELECT q.id, 1, now() FROM (
            SELECT inserted.id FROM inserted
            UNION
            SELECT i.id FROM discovery_instance i
             WHERE EXISTS (SELECT 1 FROM inserted)
               AND (i.permissions @> ARRAY[p_service]::text[] OR i.service = ANY(p_permissions::varchar[]))
          ) q ORDER BY q.id
          ON CONFLICT (instance_id) DO UPDATE
            SET version = discovery_outbox.version + 1, due_at = now(), attempts = 0
            WHERE discovery_outbox.leased_until IS NOT NULL OR discovery_outbox.due_at > now()
               OR discovery_outbox.attempts > 0
        )
        SELECT (SELECT inserted.id FROM inserted) AS inserted_id, token.known, token.revoked_at, token.expired
          INTO r FROM (SELECT 1) one LEFT JOIN token ON true;
        -- The same key registered twice (a retry, or the same request on two replicas): one instance,
        -- read by a statement of its own because the join's snapshot predates the insert it waited for.
        IF r.inserted_id IS NULL AND r.known AND r.revoked_at IS NULL AND r.expired IS NOT TRUE THEN
          SELECT i.id INTO v_existing FROM discovery_instance i WHERE i.key_hash = p_key_hash;
        END IF;
        RETURN QUERY SELECT COALESCE(r.inserted_id, v_existing), r.known, r.revoked_at, r.expired,
                            nextval('discovery_revision_seq');
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION "discovery_join"(uuid, varchar, text[], uuid, varchar, varchar, varchar, varchar, int, uuid[], varchar[], varchar[], bigint[])`,
    );
  }
}
