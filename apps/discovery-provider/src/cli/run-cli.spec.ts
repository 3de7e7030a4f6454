import { createServer, type IncomingMessage, type Server } from 'node:http';
import { freePort } from '@gatehouse/testing';
import { runCli } from './run-cli';

interface Seen {
  method: string;
  url: string;
  authorization: string;
  body: string;
}

/** Runs the CLI as a function and keeps what it printed. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, env, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

/**
 * An HTTP server answering every request with one fixed reply, standing in for whatever an
 * operator's URL points at; the real provider and auth are in provider-process.e2e-spec.ts.
 */
async function answering(
  status: number,
  body: string,
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let received = '';
    req.on('data', (chunk: Buffer) => (received += chunk.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization ?? '',
        body: received,
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, seen, server };
}

describe('the CLI: output and exit status', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const stand = async (status: number, body: string) => {
    const s = await answering(status, body);
    servers.push(s.server);
    return s;
  };

  it('prints help on stdout and exits 0, for --help, -h and help <command>', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await cli(argv);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: gatehouse <command>/);
      expect(run.stdout).toContain('DISCOVERY_ADMIN_TOKEN');
    }
    const issue = await cli(['help', 'issue']);
    expect(issue).toMatchObject({ status: 0, stderr: '' });
    expect(issue.stdout).toMatch(/^Usage: gatehouse issue <name>/);
    expect(issue.stdout).toContain('--expires-in <seconds>');
  });

  it('exits 2 with one line on stderr, and sends nothing, for a usage error or a bad environment', async () => {
    const provider = await stand(200, '[]');
    const env = { DISCOVERY_URL: provider.url, DISCOVERY_ADMIN_TOKEN: 'admin-token' };
    for (const [argv, line] of [
      [
        ['bogus'],
        'gatehouse: unknown command "bogus"; the commands are issue, list, revoke, help (see --help)\n',
      ],
      [
        ['issue', 'geo', '--expires-in', 'abc'],
        'gatehouse: --expires-in must be a whole number of seconds from 1 to 315360000, not "abc"\n',
      ],
      [
        ['issue', 'geo', '--expires-in', '0'],
        'gatehouse: --expires-in must be a whole number of seconds from 1 to 315360000, not "0"\n',
      ],
      [[], 'gatehouse: no command given; the commands are issue, list, revoke, help (see --help)\n'],
    ] as const) {
      expect(await cli([...argv], env)).toEqual({ status: 2, stdout: '', stderr: line });
    }
    expect(await cli(['list'], { DISCOVERY_URL: 'localhost:7000', DISCOVERY_ADMIN_TOKEN: 't' })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'gatehouse: DISCOVERY_URL must be an http(s) URL, not "localhost:7000"\n',
    });
    expect(await cli(['list'], { DISCOVERY_URL: provider.url, AUTH_URL: provider.url })).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'gatehouse: set DISCOVERY_ADMIN_TOKEN, or AUTH_URL, DISCOVERY_ADMIN_CLIENT_ID, DISCOVERY_ADMIN_CLIENT_SECRET (missing: DISCOVERY_ADMIN_CLIENT_ID, DISCOVERY_ADMIN_CLIENT_SECRET)\n',
    });
    expect(provider.seen).toEqual([]);
  });

  it('exits 1 naming the URL it tried when nothing answers there', async () => {
    const port = await freePort();
    expect(
      await cli(['list'], { DISCOVERY_URL: `http://127.0.0.1:${port}/`, DISCOVERY_ADMIN_TOKEN: 't' }),
    ).toEqual({
      status: 1,
      stdout: '',
      stderr: `gatehouse: cannot reach http://127.0.0.1:${port}/admin/configuration-tokens: connection refused (is it running, on this port?)\n`,
    });
    const provider = await stand(200, '[]');
    const viaAuth = await cli(['list'], {
      DISCOVERY_URL: provider.url,
      AUTH_URL: `http://127.0.0.1:${port}`,
      DISCOVERY_ADMIN_CLIENT_ID: 'operator',
      DISCOVERY_ADMIN_CLIENT_SECRET: 's3cret',
    });
    expect(viaAuth).toMatchObject({ status: 1, stdout: '' });
    expect(viaAuth.stderr).toBe(
      `gatehouse: cannot reach http://127.0.0.1:${port}/oauth/token: connection refused (is it running, on this port?)\n`,
    );
    expect(provider.seen).toEqual([]);
  });

  it('exits 1 with the status and the error of a refusal, or says the answer is not JSON', async () => {
    const refusing = await stand(
      403,
      JSON.stringify({ error: 'forbidden', message: 'the admin role is required' }),
    );
    expect(await cli(['revoke', 'abc'], { DISCOVERY_URL: refusing.url, DISCOVERY_ADMIN_TOKEN: 't' })).toEqual(
      {
        status: 1,
        stdout: '',
        stderr:
          'gatehouse: the provider refused DELETE /admin/configuration-tokens/abc: 403 forbidden: the admin role is required\n',
      },
    );
    const html = await stand(200, '<html>a proxy page</html>');
    const run = await cli(['list'], { DISCOVERY_URL: html.url, DISCOVERY_ADMIN_TOKEN: 't' });
    expect(run).toEqual({
      status: 1,
      stdout: '',
      stderr: `gatehouse: ${html.url}/admin/configuration-tokens answered 200 with a body that is not JSON (is this the right URL?)\n`,
    });
    const auth = await stand(
      401,
      JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }),
    );
    const refused = await cli(['list'], {
      DISCOVERY_URL: html.url,
      AUTH_URL: auth.url,
      DISCOVERY_ADMIN_CLIENT_ID: 'operator',
      DISCOVERY_ADMIN_CLIENT_SECRET: 'wrong-secret',
    });
    expect(refused).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'gatehouse: auth refused the admin client "operator": 401 invalid_client: client authentication failed\n',
    });
    expect(refused.stderr).not.toContain('wrong-secret');
  });

  it('sends the request with the admin token and prints the JSON answer on stdout', async () => {
    const issued = { jti: 'j1', token: 'eyJ.x.y', name: 'geo', permissions: ['auth'], expiresAt: null };
    const provider = await stand(201, JSON.stringify(issued));
    const run = await cli(['issue', 'geo', '--permissions', 'auth', '--expires-in', '60'], {
      DISCOVERY_URL: provider.url,
      DISCOVERY_ADMIN_TOKEN: 'admin-token',
    });
    expect(run).toEqual({ status: 0, stdout: `${JSON.stringify(issued, null, 2)}\n`, stderr: '' });
    expect(provider.seen).toEqual([
      {
        method: 'POST',
        url: '/admin/configuration-tokens',
        authorization: 'Bearer admin-token',
        body: JSON.stringify({ name: 'geo', permissions: ['auth'], expiresIn: 60 }),
      },
    ]);
  });
});
