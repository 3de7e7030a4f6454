import WebSocket from 'ws';

/**
 * The whole flow through compose's published ports, as a user sees it: a token from auth (the
 * password grant of the public `web` client), `auth.authorize {token}` at the gate, `whoami`,
 * `echo`, and three ticker pushes from the facade through the gate's connector. Prints one line a
 * step with its time; exits 1 on the first failure. Env: AUTH_URL, GATE_URL, ALICE_PASSWORD.
 */
async function main(): Promise<void> {
  const authUrl = required('AUTH_URL');
  const started = Date.now();
  const step = (text: string) =>
    process.stdout.write(`  ${String(Date.now() - started).padStart(5)} ms  ${text}\n`);

  const res = await fetch(`${authUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'web',
      username: 'alice',
      password: required('ALICE_PASSWORD'),
    }),
  });
  const tokens = (await res.json()) as { access_token?: string; refresh_token?: string; error?: string };
  if (!res.ok || !tokens.access_token)
    throw new Error(`token refused: ${res.status} ${JSON.stringify(tokens)}`);
  step(
    `auth: access token for alice (${tokens.access_token.length} characters, refresh token ${tokens.refresh_token ? 'too' : 'absent'})`,
  );

  const gate = await GateSession.open(required('GATE_URL'));
  try {
    step(`gate: connected`);
    step(
      `gate: auth.authorize {token} -> ${JSON.stringify(await gate.call('auth.authorize', { token: tokens.access_token }))}`,
    );
    step(`gate: whoami -> ${JSON.stringify(await gate.call('whoami'))}`);
    step(`gate: echo -> ${JSON.stringify(await gate.call('echo', { hello: 'compose' }))}`);
    const pushes = gate.collect('ticker', 3);
    step(`gate: subscribe -> ${JSON.stringify(await gate.call('subscribe', { count: 3, intervalMs: 200 }))}`);
    for (const push of await pushes) step(`gate: push ticker ${JSON.stringify(push)}`);
  } finally {
    gate.close();
  }
}

class GateSession {
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly listeners = new Set<(message: Message) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Message;
      if (message.id !== undefined && message.id !== null) this.pending.get(Number(message.id))?.(message);
      else for (const listener of this.listeners) listener(message);
    });
  }

  static open(url: string): Promise<GateSession> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new GateSession(socket)));
      socket.once('error', (error) => reject(new Error(`cannot reach the gate at ${url}: ${error.message}`)));
    });
  }

  call(method: string, params?: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.socket.send(
      JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }),
    );
    return withTimeout(
      new Promise((resolve, reject) =>
        this.pending.set(id, (m) =>
          m.error ? reject(new Error(`${method}: ${JSON.stringify(m.error)}`)) : resolve(m.result),
        ),
      ),
      `${method} unanswered`,
    );
  }

  collect(method: string, count: number): Promise<unknown[]> {
    const seen: unknown[] = [];
    return withTimeout(
      new Promise((resolve) => {
        const listener = (message: Message) => {
          if (message.method !== method) return;
          seen.push(message.params);
          if (seen.length === count) {
            this.listeners.delete(listener);
            resolve(seen);
          }
        };
        this.listeners.add(listener);
      }),
      `${count} ${method} pushes not received`,
    );
  }

  close(): void {
    this.socket.close(1000, 'done');
  }
}

interface Message {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`flow check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
