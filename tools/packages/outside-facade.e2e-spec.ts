import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, type GatehouseSystem, repositoryRoot, startSystem } from '@gatehouse/testing';
import WebSocket from 'ws';
import { offlineProject, type PackedTarball } from './offline-install';

const root = repositoryRoot();
const template = path.join(root, 'tools/packages/outside-facade');

/**
 * `npm ci --offline` of the packed tarballs and the app's framework in `dir`, every package at the
 * version the repository's lockfile pins (offlineProject). A package that forgot a dependency fails
 * to load or compile here: nothing but what the manifests declare is installed.
 */
function install(dir: string): void {
  const packed = path.join(root, 'dist/packages');
  const tarballs: PackedTarball[] = readdirSync(packed)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => {
      const file = path.join(packed, name);
      return {
        file,
        manifest: JSON.parse(
          execFileSync('tar', ['xzfO', file, 'package/package.json'], { encoding: 'utf8' }),
        ) as PackedTarball['manifest'],
      };
    });
  const rootLock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Parameters<
    typeof offlineProject
  >[0];
  const { packageJson, packageLock } = offlineProject(rootLock, tarballs, [
    '@nestjs/common',
    '@nestjs/core',
    '@nestjs/platform-express',
    'reflect-metadata',
    'rxjs',
    'typescript',
    '@types/node',
  ]);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(packageLock, null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: dir,
    stdio: 'pipe',
  });
}

/** The first `count` messages, or what came within `patienceMs` (an error answer comes alone). */
function receive(socket: WebSocket, count: number, patienceMs = 3000): Promise<unknown[]> {
  const messages: unknown[] = [];
  return new Promise((resolve, reject) => {
    setTimeout(() => resolve(messages), patienceMs).unref();
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)));
      if (messages.length === count) resolve(messages);
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed after ${JSON.stringify(messages)}`)));
  });
}

/** One anonymous client call through the gate: the answer and the push, in arrival order. */
async function callThroughGate(gateUrl: string): Promise<unknown[]> {
  const socket = new WebSocket(gateUrl, { perMessageDeflate: false });
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const received = receive(socket, 2);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: { hello: 'outside' } }));
    return await received;
  } finally {
    socket.terminate();
  }
}

/**
 * Another team's facade, outside this repository: a fresh NestJS service in a temporary folder with
 * the packed @gatehouse packages installed by npm, compiled by strict tsc, started as a process, registered
 * with the real provider and called through the real gate by a WebSocket client and by the packed
 * gate-client.
 */
describe('a facade written outside the monorepo on the packed packages', () => {
  let system: GatehouseSystem;
  let dir: string;
  let service: ChildProcess | undefined;
  let output = '';
  let compileErrors = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'dist/tools/packages/pack-libs.js')], {
      stdio: 'ignore',
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'outside-facade-'));
    mkdirSync(path.join(dir, 'src'));
    copyFileSync(path.join(template, 'main.ts.txt'), path.join(dir, 'src/main.ts'));
    copyFileSync(path.join(template, 'client.ts.txt'), path.join(dir, 'src/client.ts'));
    copyFileSync(path.join(template, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    install(dir);
    try {
      execFileSync(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      compileErrors = String((error as { stdout?: string }).stdout ?? error);
    }
    system = await startSystem({ name: 'outside_facade' });
  }, 180_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("compiles with strict TypeScript against the packages' declarations alone", () => {
    expect(compileErrors).toBe('');
  });

  it("registers, is called through the gate as the facade, and pushes to the caller's channel", async () => {
    // The system's own facade leaves discovery, so the gate's `facade` becomes this service.
    await system.facade.stop();
    const port = await freePort();
    service = spawn(process.execPath, [path.join(dir, 'dist/main.js')], {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        CONFIGURATION_TOKEN: await system.configurationToken('facade', ['gate']),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    let messages: unknown[] = [];
    for (const deadline = Date.now() + 30_000; ;) {
      messages = await callThroughGate(system.gateUrl).catch(() => []);
      if (JSON.stringify(messages).includes('outside-facade')) break;
      if (Date.now() > deadline || service.exitCode !== null) {
        throw new Error(
          `the gate never reached the outside facade (last: ${JSON.stringify(messages)}):\n${output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const answer = messages.find((m) => (m as { id?: unknown }).id === 1);
    const push = messages.find((m) => (m as { method?: unknown }).method === 'outside.pushed');
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { echoed: { hello: 'outside' }, by: 'outside-facade' },
    });
    expect(push).toEqual({
      jsonrpc: '2.0',
      method: 'outside.pushed',
      params: { result: { to: expect.any(String) } },
    });

    // The same through the packed gate-client, as another team's Node client would call.
    const client = execFileSync(process.execPath, [path.join(dir, 'dist/client.js'), system.gateUrl], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(JSON.parse(client)).toEqual({
      answer: { echoed: { from: 'gate-client' }, by: 'outside-facade' },
      push: { result: { to: expect.any(String) } },
      refused: { code: -32602, message: 'refused on request' },
    });

    // The kit, not the service, turns Nest's refused body into JSON-RPC.
    const malformed = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc": "2.0", "method"',
    });
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  }, 60_000);
});
