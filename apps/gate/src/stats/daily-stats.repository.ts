import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `gate_daily_stats` and `gate_daily_users`, shared by every replica. */
@Injectable()
export class DailyStatsRepository {
  constructor(private readonly db: DataSource) {}

  /** Adds to the day's count: every replica flushes its own counts into the same row. */
  async addConnections(day: string, count: number): Promise<void> {
    await this.db.query(
      `INSERT INTO gate_daily_stats (day, connections) VALUES ($1, $2)
       ON CONFLICT (day) DO UPDATE SET connections = gate_daily_stats.connections + EXCLUDED.connections`,
      [day, count],
    );
  }

  /** A user seen by several replicas, or in several flushes, counts once for the day. */
  async addUsers(day: string, names: readonly string[]): Promise<void> {
    await this.db.query(
      `INSERT INTO gate_daily_users (day, user_name) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`,
      [day, names],
    );
  }

  /** The newest days first; the day is formatted by PostgreSQL, so no time zone shifts it. */
  async newestDays(limit: number): Promise<{ day: string; connections: number; uniqueUsers: number }[]> {
    const rows: { day: string; connections: string; unique_users: string }[] = await this.db.query(
      `SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.connections,
              (SELECT count(*) FROM gate_daily_users u WHERE u.day = s.day) AS unique_users
         FROM gate_daily_stats s ORDER BY s.day DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      day: r.day,
      connections: Number(r.connections),
      uniqueUsers: Number(r.unique_users),
    }));
  }
}
