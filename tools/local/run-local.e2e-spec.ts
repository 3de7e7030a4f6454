import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_SERVER_ENV, until } from '@gatehouse/testing';
import WebSocket from 'ws';

/**
 * The whole system as `npm start` runs it: auth, discovery provider, facade and gate as real
 * processes on a real PostgreSQL, wired through discovery. A real WebSocket client signs the
 * challenge, calls the facade through the gate and receives the facade's pushes.
 */
const root = path.resolve(__dirname, '../..');
const basePort = 20000 + Math.floor(Math.random() * 20000);
const APPS = ['auth', 'discovery-provider', 'facade', 'gate'];

/** `npm start` as a process, with everything it prints kept (stdout and stderr apart). */
function startSystem(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(root, 'dist/tools/local/run-local.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (printed.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (printed.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, printed, exited };
}

/** The runner's own lines: what it says it is doing. */
const progressLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('[start] '));

/** Whether anything still answers HTTP on this port of loopback. */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** A data folder the embedded PostgreSQL (the postgres OS user, when run as root) can reach. */
function dataFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** The runner's environment without DATABASE_URL: an embedded PostgreSQL of its own. */
function embeddedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  return env;
}

interface Message {
  id?: number;
  method?: string;
  params?: { secret?: string; result?: unknown };
  result?: unknown;
  error?: { code: number };
}

describe('npm start: the whole system end to end', () => {
  const dataDir = dataFolder('gatehouse-system-');
  let system: ChildProcess;
  let printed: { stdout: string; stderr: string };
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    ({
      child: system,
      printed,
      exited,
    } = startSystem({
      ...process.env,
      // The apps' logs are how this test hears the facade's `offline` (jest silences them otherwise).
      LOG_LEVEL: 'info',
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_BASE_PORT: String(basePort),
      GATEHOUSE_DB_PREFIX: `system_${basePort}`,
      DATABASE_URL: process.env[TEST_SERVER_ENV]!,
    }));
    system.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    system.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Gatehouse is running')) {
          clearInterval(timer);
          resolve();
        } else if (system.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`npm start exited:\n${output}`));
        }
      }, 100);
    });
  }, 120_000);

  afterAll(async () => {
    if (system.exitCode === null) {
      system.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('says what it does, each app ready in how many seconds, and ends with the banner', () => {
    expect(
      progressLines(printed.stdout).map((l) => l.replace(/\d+\.\d s/, 'N s').replace(/ \(.*\)$/, '')),
    ).toEqual([
      '[start] PostgreSQL: connecting to DATABASE_URL',
      '[start] PostgreSQL: ready in N s',
      ...APPS.slice(0, 2).flatMap((app) => [`[start] ${app}: starting`, `[start] ${app}: ready in N s`]),
      '[start] configuration tokens: issuing for facade and gate as the operator client',
      '[start] configuration tokens: issued in N s',
      ...APPS.slice(2).flatMap((app) => [`[start] ${app}: starting`, `[start] ${app}: ready in N s`]),
      '[start] web example: starting',
      '[start] web example: ready in N s',
    ]);
    expect(printed.stdout).toMatch(/Gatehouse is running \(ready in \d+\.\d s; /);
    expect(printed.stdout).toContain('npx gatehouse list');
    expect(printed.stderr).toBe('');
  });

  it("prints the apps' logs as JSON lines naming the app when its output is not a terminal", () => {
    const entries = printed.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { app: string; level: number; msg: string });
    expect(new Set(entries.map((e) => e.app))).toEqual(new Set(APPS));
    expect(entries.every((e) => typeof e.level === 'number' && typeof e.msg === 'string')).toBe(true);
    const others = printed.stdout
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('{') && !l.startsWith('[start] '));
    expect(others[0]).toMatch(/^Gatehouse is running/);
  });

  it("the banner's operator CLI lines work as printed", async () => {
    const exports = Object.fromEntries(
      [...printed.stdout.matchAll(/(DISCOVERY_URL|AUTH_URL|DISCOVERY_ADMIN_CLIENT_ID)=(\S+)/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    const secretLine = printed.stdout.split('\n').find((l) => l.includes('DISCOVERY_ADMIN_CLIENT_SECRET='))!;
    const command = /\$\((node -p .*)\)"$/.exec(secretLine)![1]!;
    const secret = (await promisify(execFile)('sh', ['-c', command], { cwd: root })).stdout.trim();
    const listed = await promisify(execFile)(
      path.join(root, 'dist/apps/discovery-provider/src/cli.js'),
      ['list'],
      {
        env: { PATH: process.env['PATH'] ?? '', ...exports, DISCOVERY_ADMIN_CLIENT_SECRET: secret },
      },
    );
    const names = (JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['facade', 'gate']));
  });

  it('signs in with the challenge, calls whoami through discovery, receives pushes, and the facade hears offline', async () => {
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'local/secrets.json'), 'utf8')) as {
      demoUserPrivateKeyPem: string;
    };
    const socket = new WebSocket(`ws://127.0.0.1:${basePort + 3}`);
    const inbox: Message[] = [];
    const waiters: Array<() => void> = [];
    socket.on('message', (data: Buffer) => {
      inbox.push(JSON.parse(data.toString()) as Message);
      waiters.splice(0).forEach((wake) => wake());
    });
    const next = async (match: (m: Message) => boolean): Promise<Message> => {
      for (;;) {
        const found = inbox.findIndex(match);
        if (found >= 0) return inbox.splice(found, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const call = async (id: number, method: string, params?: unknown) => {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return next((m) => m.id === id);
    };

    const challenge = await next((m) => m.method === 'sign');
    const secret = challenge.params!.secret!;
    const signature = sign(
      null,
      Buffer.from(secret),
      createPrivateKey(secrets.demoUserPrivateKeyPem),
    ).toString('base64url');
    expect((await call(1, 'auth.authorize', { user: 'alice', secret, sign: signature })).result).toEqual({
      status: 'OK',
    });
    expect((await call(2, 'whoami')).result).toEqual({ user: 'alice', roles: ['user'] });
    // The secret was single-use.
    expect((await call(3, 'auth.authorize', { user: 'alice', secret, sign: signature })).error?.code).toBe(
      1103,
    );

    expect((await call(4, 'subscribe', { count: 2, intervalMs: 50 })).result).toMatchObject({
      subscribed: 'ticker',
    });
    const first = await next((m) => m.method === 'ticker');
    const second = await next((m) => m.method === 'ticker');
    expect([first.params?.result, second.params?.result]).toMatchObject([
      { seq: 1, of: 2 },
      { seq: 2, of: 2 },
    ]);

    socket.close(1000, 'bye');
    await until(() => /went offline \(user alice\)/.test(output), 'the offline log line', 10_000);
  }, 60_000);

  it('serves the web example on its port and says where in the banner; auth answers that origin', async () => {
    const page = `http://127.0.0.1:${basePort + 5}/`;
    expect(printed.stdout).toMatch(new RegExp(`\\n  web example +${page}`));
    const html = await fetch(page);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/name="username"[\s\S]*name="password"/);
    expect(await (await fetch(`${page}config.json`)).json()).toEqual({
      authUrl: `http://127.0.0.1:${basePort}`,
      gateUrl: `ws://127.0.0.1:${basePort + 3}`,
      clientId: 'web-demo',
    });
    expect((await fetch(`${page}gate-client.js`)).status).toBe(200);
    const preflight = await fetch(`http://127.0.0.1:${basePort}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: page.slice(0, -1), 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(page.slice(0, -1));
  });

  it('stops every app on SIGTERM and exits 0', async () => {
    system.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(progressLines(printed.stdout).slice(-2)).toEqual([
      '[start] stopping web example, gate, facade, discovery-provider, auth, PostgreSQL',
      '[start] stopped',
    ]);
    for (let port = basePort; port <= basePort + 5; port++)
      expect({ port, answers: await answers(port) }).toEqual({ port, answers: false });
  }, 60_000);
});

describe('npm start: an app that fails to start', () => {
  const dataDir = dataFolder('gatehouse-failed-start-');
  const base = basePort + 10;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops everything already started, its embedded PostgreSQL too, and exits 1 with one line', async () => {
    const { printed, exited } = startSystem({
      ...embeddedEnv(),
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_BASE_PORT: String(base),
      // The operator's mistake: the gate refuses it at start, after the other three are up.
      GATE_MAX_BATCH: 'abc',
    });
    expect(await exited).toBe(1);
    expect(printed.stderr).toMatch(
      /^npm start failed: gate exited with code 1 before it was ready: config error: GATE_MAX_BATCH: [^\n]+\n$/,
    );
    const lines = progressLines(printed.stdout);
    for (const app of ['auth', 'discovery-provider', 'facade'])
      expect(lines).toContainEqual(expect.stringMatching(`^\\[start\\] ${app}: ready in `));
    expect(lines.slice(-2)).toEqual([
      '[start] stopping gate, facade, discovery-provider, auth, PostgreSQL',
      '[start] stopped',
    ]);
    for (let port = base; port <= base + 4; port++)
      expect({ port, answers: await answers(port) }).toEqual({ port, answers: false });
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});

describe('npm start: a port already taken', () => {
  it('starts nothing and exits 1 with one line naming the port', async () => {
    const dataDir = dataFolder('gatehouse-port-taken-');
    const base = basePort + 20;
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(base + 3, '127.0.0.1', resolve));
    try {
      const { printed, exited } = startSystem({
        ...embeddedEnv(),
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_BASE_PORT: String(base),
      });
      expect(await exited).toBe(1);
      expect(printed).toEqual({
        stdout: '',
        stderr: `npm start failed: port ${base + 3} (gate) on 127.0.0.1 is in use: stop what holds it (another npm start?), or set GATEHOUSE_BASE_PORT to move every port\n`,
      });
      expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
