import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** What the page reads from `/config.json`: where auth and the gate are, and its OAuth client. */
export interface WebExampleConfig {
  authUrl: string;
  gateUrl: string;
  clientId: string;
}

export interface WebExampleServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves the built web example (`dist/examples/web`: the page, its script and the gate-client
 * bundle) and its `/config.json`. Static files only, by plain name from that one folder (no path
 * can leave it), GET and HEAD only; a CSP lets the page talk to nothing but auth and the gate.
 */
export async function serveWebExample(options: {
  dir: string;
  host: string;
  port: number;
  config: WebExampleConfig;
}): Promise<WebExampleServer> {
  const config = JSON.stringify(options.config);
  const csp = `default-src 'self'; connect-src 'self' ${options.config.authUrl} ${options.config.gateUrl}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://page').pathname.slice(1) || 'index.html';
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-cache',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'GET only\n');
    if (name === 'config.json') return send(200, 'application/json', config);
    const type = TYPES[path.extname(name)];
    if (!type || !/^[\w.-]+$/.test(name)) return send(404, 'text/plain', 'not found\n');
    readFile(path.join(options.dir, name)).then(
      (body) => send(200, type, body),
      () => send(404, 'text/plain', 'not found\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
