import {
  artifactPath,
  type LaunchedBrowser,
  launchBrowser,
  type LocalSystem,
  startLocalSystem,
} from '@gatehouse/testing';
import type { Page } from 'playwright-core';

/**
 * The explorer page of a running system (`npm start`: auth, provider, facade and gate), in the
 * installed Chromium: an operator signs in with an admin access token, sees the registered
 * services, their instances and the permission graph, and sees a change arrive without reloading.
 */
describe('discovery explorer in a browser', () => {
  let system: LocalSystem;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    system = await startLocalSystem();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1400 });
    admin = await operatorToken(system);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  it('signs in, shows services, instances, configuration tokens and the graph, and refreshes live', async () => {
    console.log(`browser: ${browser.version}`);
    await page.goto(`${system.urls.provider}/explorer`);
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-error:has-text("refused")');

    await page.fill('#token', admin);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#dashboard:not([hidden])');

    const services = page.locator('#services tbody tr');
    await expectRows(services, ['facade', 'gate']);
    const gateRow = services.filter({ has: page.locator('td:first-child', { hasText: /^gate$/ }) });
    expect(await gateRow.locator('td').nth(1).innerText()).toBe('1');
    await page.locator('#graph g.node[data-service="gate"] text.count', { hasText: '1 instance' }).waitFor();
    await expectRows(page.locator('#instances tbody tr'), ['facade', 'gate']);
    await page.locator('#instances .badge.healthy').first().waitFor();
    // The graph: both services drawn, an arrow each way between them, and the gate's permission
    // for `auth` (which never registers) drawn dashed to a dashed node.
    for (const service of ['facade', 'gate', 'auth'])
      await page.locator(`#graph g.node[data-service="${service}"]`).waitFor();
    await page.locator('#graph path.edge[data-from="gate"][data-to="facade"]:not(.absent)').waitFor();
    await page.locator('#graph path.edge[data-from="facade"][data-to="gate"]:not(.absent)').waitFor();
    await page.locator('#graph path.edge.absent[data-from="gate"][data-to="auth"]').waitFor();
    await page.locator('#graph g.node.absent[data-service="auth"]').waitFor();

    // A token issued now appears on the open page; no token (nor the admin's) is ever shown.
    const issued = await issueConfigurationToken(system, admin, 'geo', ['facade']);
    await page.locator('#tokens tbody tr', { hasText: issued.jti }).waitFor({ timeout: 10_000 });
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(issued.token);
    expect(text).not.toContain(admin);
    expect(await page.locator('#tokens tbody tr').count()).toBe(3);

    const screenshot = artifactPath('discovery-explorer.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }, 60_000);
});

async function expectRows(rows: ReturnType<Page['locator']>, names: string[]): Promise<void> {
  for (const name of names) await rows.filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
}

/** The operator's token, as an operator gets it: client_credentials of the admin client. */
async function operatorToken(system: LocalSystem): Promise<string> {
  const { adminClientSecret } = system.secrets<{ adminClientSecret: string }>();
  const response = await fetch(`${system.urls.auth}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`operator:${adminClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

async function issueConfigurationToken(
  system: LocalSystem,
  admin: string,
  name: string,
  permissions: string[],
): Promise<{ jti: string; token: string }> {
  const response = await fetch(`${system.urls.provider}/admin/configuration-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions }),
  });
  return (await response.json()) as { jti: string; token: string };
}
