import { createPublicKey, verify } from 'node:crypto';
import path from 'node:path';
import {
  artifactPath,
  freePort,
  type GatehouseSystem,
  launchBrowser,
  type LaunchedBrowser,
  repositoryRoot,
  startSystem,
} from '@gatehouse/testing';
import type { Page } from 'playwright-core';
import { serveWebExample, type WebExampleServer } from './web-example-server';

/**
 * The web example (examples/web, as built into dist/) in headless Chromium against the real
 * system: log in as the demo user, see whoami and the facade's ticker, restart the gate, and see
 * the page reconnect by itself and receive pushes again. Screenshots go to tmp/artifacts/.
 */
describe('the web example in a real browser', () => {
  let system: GatehouseSystem;
  let web: WebExampleServer;
  let browser: LaunchedBrowser;
  let page: Page;
  const screenshots: string[] = [];

  beforeAll(async () => {
    // First, so that a machine without a browser hears how to install one at once.
    browser = await launchBrowser();
    process.stdout.write(`browser: ${browser.version}\n`);
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    system = await startSystem({ name: 'web_example', env: { auth: { AUTH_CORS_ORIGINS: origin } } });
    web = await serveWebExample({
      dir: path.join(repositoryRoot(), 'dist/examples/web'),
      host: '127.0.0.1',
      port,
      config: { authUrl: system.auth.url, gateUrl: system.gateUrl, clientId: system.demo.webClientId },
    });
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await system?.stop();
    if (screenshots.length > 0)
      process.stdout.write(`web example screenshots:\n${screenshots.map((file) => `  ${file}\n`).join('')}`);
  }, 60_000);

  const pushes = () => page.locator('#pushes li').count();
  const screenshot = async (name: string) => {
    const file = artifactPath(name);
    await page.screenshot({ path: file, fullPage: true });
    screenshots.push(file);
  };

  it('logs in as the demo user, shows whoami and three ticker pushes, and comes back after a gate restart', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(web.url);
    await page.fill('input[name="username"]', system.demo.user);
    await page.fill('input[name="password"]', system.demo.password);
    await page.click('button[type="submit"]');

    await page.locator('#whoami', { hasText: 'alice' }).waitFor({ timeout: 15_000 });
    await page.locator('#pushes li').nth(2).waitFor({ timeout: 15_000 });
    expect(await page.textContent('#status')).toBe('ready');
    await screenshot('web-example-ticker.png');

    await system.restartGate();
    await page.locator('#status[data-status="ready"]').waitFor({ timeout: 20_000 });
    const before = await pushes();
    await page
      .locator('#pushes li')
      .nth(before + 2)
      .waitFor({ timeout: 20_000 });
    expect(await page.textContent('#whoami')).toBe('alice');
    await screenshot('web-example-after-gate-restart.png');
    expect(errors).toEqual([]);
  }, 90_000);

  it('saw the page reconnect, not reload: one ticker list across the restart', async () => {
    const items = await page.locator('#pushes li').allTextContents();
    // The first ticker began at #1; after the restart a new subscription began at #1 again.
    expect(items.filter((text) => text.startsWith('#1 of')).length).toBeGreaterThanOrEqual(2);
  });

  it('signs a challenge with the bundled WebCrypto Ed25519 signer in this browser', async () => {
    const { publicKey, sign } = (await page.evaluate(`(async () => {
      const { ed25519Signer } = await import('./gate-client.js');
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
      const sign = await (await ed25519Signer(pair.privateKey))('challenge-secret');
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      return { publicKey: Array.from(raw), sign };
    })()`)) as { publicKey: number[]; sign: string };
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    expect(verify(null, Buffer.from('challenge-secret'), key, Buffer.from(sign, 'base64url'))).toBe(true);
  });
});
