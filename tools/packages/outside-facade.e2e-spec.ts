import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, type GatehouseSystem, repositoryRoot, startSystem } from '@gatehouse/testing';
import WebSocket from 'ws';

const root = repositoryRoot();
const template = path.join(root, 'tools/packages/outside-facade');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Installs the packed tarballs as npm would (each unpacked into node_modules/<name>), and links
 * every other package the service needs from the repository's node_modules: the lockfile's exact
 * copies, so no network is needed. Only what a manifest declares (and the app's own framework and
 * compiler) is linked, so a package that forgot a dependency fails to load here.
 */
function install(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  const needed = new Set(['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'reflect-metadata', 'rxjs', 'typescript', '@types/node']);
  const tarballs = readdirSync(path.join(root, 'dist/packages')).filter((name) => name.endsWith('.tgz'));
  for (const tarball of tarballs) {
    const unpacked = mkdtempSync(path.join(dir, 'unpack-'));
    execFileSync('tar', ['xzf', path.join(root, 'dist/packages', tarball), '-C', unpacked]);
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package/package.json'), 'utf8')) as Manifest;
    mkdirSync(path.dirname(path.join(modules, manifest.name)), { recursive: true });
    renameSync(path.join(unpacked, 'package'), path.join(modules, manifest.name));
    rmSync(unpacked, { recursive: true });
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) if (!name.startsWith('@gatehouse/')) needed.add(name);
  }
  for (const name of needed) {
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name), 'dir');
  }
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
 * the packed @gatehouse packages installed, compiled by strict tsc, started as a process, registered
 * with the real provider and called through the real gate by a WebSocket client.
 */
describe('a facade written outside the monorepo on the packed packages', () => {
  let system: GatehouseSystem;
  let dir: string;
  let service: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'dist/tools/packages/pack-libs.js')], { stdio: 'ignore' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'outside-facade-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'outside-facade', private: true, type: 'module' }));
    mkdirSync(path.join(dir, 'src'));
    copyFileSync(path.join(template, 'main.ts.txt'), path.join(dir, 'src/main.ts'));
    copyFileSync(path.join(template, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    install(dir);
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

  it('compiles with strict TypeScript against the packages\' declarations alone', () => {
    const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');
    let errors = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      errors = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(errors).toBe('');
  });

  it('registers, is called through the gate as the facade, and pushes to the caller\'s channel', async () => {
    // The system's own facade leaves discovery, so the gate's `facade` becomes this service.
    await system.facade.stop();
    const port = await freePort();
    service = spawn(process.execPath, [path.join(dir, 'dist/main.js')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', PORT: String(port), CONFIGURATION_TOKEN: await system.configurationToken('facade', ['gate']) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    let messages: unknown[] = [];
    for (const deadline = Date.now() + 30_000; ; ) {
      messages = await callThroughGate(system.gateUrl).catch(() => []);
      if (JSON.stringify(messages).includes('outside-facade')) break;
      if (Date.now() > deadline || service.exitCode !== null) {
        throw new Error(`the gate never reached the outside facade (last: ${JSON.stringify(messages)}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const answer = messages.find((m) => (m as { id?: unknown }).id === 1);
    const push = messages.find((m) => (m as { method?: unknown }).method === 'outside.pushed');
    expect(answer).toEqual({ jsonrpc: '2.0', id: 1, result: { echoed: { hello: 'outside' }, by: 'outside-facade' } });
    expect(push).toEqual({ jsonrpc: '2.0', method: 'outside.pushed', params: { result: { to: expect.any(String) } } });

    // The kit, not the service, turns Nest's refused body into JSON-RPC.
    const malformed = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc": "2.0", "method"' });
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  }, 60_000);
});
