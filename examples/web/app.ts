/**
 * The web example: a token from auth (password grant of the public client `web-demo`), a login at
 * the gate with it through @gatehouse/gate-client, `whoami`, and the facade's ticker, kept alive
 * across gate restarts (the client reconnects, logs in again with a refreshed token, and the
 * `resubscribe` hook subscribes again). The page's origin must be in auth's AUTH_CORS_ORIGINS.
 */
import { connect, type GateClient, type StatusEvent } from '@gatehouse/gate-client';

interface PageConfig {
  authUrl: string;
  gateUrl: string;
  clientId: string;
}
interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  error_description?: string;
}
type Pushes = { ticker: { result: { seq: number; of: number; at: string } } };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('login');
const statusText = $('status');
const show = (id: string, text: string) => ($(id).textContent = text);
let client: GateClient<Pushes> | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  logIn(String(fields.get('username')), String(fields.get('password'))).catch(showError);
});

async function logIn(username: string, password: string): Promise<void> {
  show('error', '');
  client?.close();
  const config = (await (await fetch('config.json')).json()) as PageConfig;
  const tokens = await tokenRequest(config, { grant_type: 'password', username, password });
  let fresh: string | undefined = tokens.access_token;
  let refreshToken = tokens.refresh_token;
  // The first login uses the token just obtained; every later one (before expiry, after a
  // reconnect) rotates the refresh token for a new access token.
  const getToken = async () => {
    if (fresh) {
      const first = fresh;
      fresh = undefined;
      return first;
    }
    const next = await tokenRequest(config, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken ?? '',
    });
    refreshToken = next.refresh_token ?? refreshToken;
    return next.access_token!;
  };
  const gate = await connect<Pushes>(config.gateUrl, {
    login: { getToken },
    reconnect: { initialDelayMs: 250, maxDelayMs: 5000 },
    resubscribe: subscribe,
  });
  client = gate;
  gate.onStatus(showStatus);
  showStatus({ status: gate.status });
  const me = await gate.call<{ user: string; roles: string[] }>('whoami');
  show('whoami', me.user);
  gate.on('ticker', ({ result }) => {
    const item = document.createElement('li');
    item.textContent = `#${result.seq} of ${result.of} at ${result.at}`;
    $('pushes').append(item);
    // A ticker ends after `count` pushes; the page keeps one running.
    if (result.seq === result.of) subscribe(gate).catch(showError);
  });
  await subscribe(gate);
}

/**
 * Starts a ticker. Right after a gate restart the facade may not have heard of the new gate yet
 * (discovery is still delivering its pair token) and refuses it: the page tries again, a few times.
 */
async function subscribe(gate: GateClient<Pushes>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await gate.call('subscribe', { count: 100, intervalMs: 500 });
      return;
    } catch (error) {
      if (attempt >= 5 || gate.status === 'closed') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

function showError(error: unknown): void {
  show('error', error instanceof Error ? error.message : String(error));
}

function showStatus({ status, error, delayMs }: StatusEvent): void {
  statusText.dataset['status'] = status;
  statusText.textContent =
    status === 'reconnecting' ? `reconnecting in ${delayMs} ms (${error?.message})` : status;
}

async function tokenRequest(config: PageConfig, params: Record<string, string>): Promise<TokenAnswer> {
  const res = await fetch(`${config.authUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ ...params, client_id: config.clientId }),
  });
  const body = (await res.json()) as TokenAnswer;
  if (!res.ok || !body.access_token)
    throw new Error(`login refused: ${body.error_description ?? res.status}`);
  return body;
}
