import { Client } from 'pg';
import { createTestDatabase } from './test-database';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('gives every suite its own empty database, and drops it', async () => {
    const a = await createTestDatabase('spec');
    const b = await createTestDatabase('spec');
    try {
      expect(a.url).not.toBe(b.url);
      await query(a.url, 'CREATE TABLE only_in_a (v int)');
      expect(await query(b.url, "SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }]);
    } finally {
      await a.drop();
      await b.drop();
    }
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });
});
