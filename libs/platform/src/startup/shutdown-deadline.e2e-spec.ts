import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot, spawnNode, untilReady } from '@gatehouse/testing';

/**
 * A real process started by `startHttpApp`, as an app's main.ts does, with one shutdown hook that
 * never ends while it holds the event loop (a peer that never answers). `npm run build` first.
 */
const SCRIPT = `
const { createRequire } = require('node:module');
const root = process.env.REPO_ROOT;
const load = createRequire(root + '/package.json');
const { Module } = load('@nestjs/common');
const { startHttpApp } = load(root + '/dist/libs/platform/src');
class HeldStop {
  onApplicationShutdown() {
    if (process.env.HOLD_STOP !== 'true') return;
    return new Promise(() => setInterval(() => undefined, 1000));
  }
}
class StopModule {}
Module({ providers: [HeldStop] })(StopModule);
startHttpApp(StopModule, { name: 'stop-test', host: '127.0.0.1', port: 0, adapter: 'fastify' })
  .then(() => process.stdout.write('READY\\n'));
`;

describe('a graceful stop has a deadline', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-stop-'));
  const script = path.join(dir, 'stop-app.js');
  writeFileSync(script, SCRIPT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async (holdStop: boolean) => {
    const app = spawnNode(script, {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        REPO_ROOT: repositoryRoot(),
        HOLD_STOP: String(holdStop),
        LOG_LEVEL: 'info',
        GATEHOUSE_SHUTDOWN_TIMEOUT_MS: '300',
      },
    });
    await untilReady(app, () => app.logs().includes('READY'), 'the stop-test app to listen', 60_000);
    return app;
  };

  it('a stop held by a hook ends at the deadline with exit code 1, naming what was open', async () => {
    const app = await start(true);
    expect(await app.stop()).toBe(1);
    const line = app
      .logs()
      .split('\n')
      .find((l) => l.includes('graceful stop did not finish in time'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as {
      signal: string;
      timeoutMs: number;
      stillOpen: Record<string, number>;
    };
    expect(entry).toMatchObject({ signal: 'SIGTERM', timeoutMs: 300 });
    expect(entry.stillOpen['Timeout']).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('a stop that finishes ends by the signal, with no deadline line', async () => {
    const app = await start(false);
    expect(await app.stop()).toBeNull();
    expect(app.child.signalCode).toBe('SIGTERM');
    expect(app.logs()).not.toContain('graceful stop did not finish in time');
  }, 90_000);
});
