import { artifactPath, type LaunchedBrowser, launchBrowser } from '@gatehouse/testing';
import type { Page } from 'playwright-core';
import { SVC_B } from './support/fixtures';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

/**
 * The Swagger page as a user tries it, in the installed Chromium: authorize with a client's id and
 * secret (the `basic` scheme), fill the token endpoint's form fields and get a token back.
 */
describe('auth: trying the API on the Swagger page', () => {
  let env: AuthTestEnv;
  let app: RunningAuthApp;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    env = await createAuthTestEnv('auth_swagger_ui');
    app = await startAuthApp(env.env);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1600 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.dispose();
  });

  it('authorizes with HTTP Basic and gets a token from the form', async () => {
    await page.goto(`${app.url}/docs`);
    await page.click('button.authorize');
    const basic = page.locator('.auth-container', { hasText: 'basic' });
    await basic.locator('input[type=text]').fill(SVC_B.id);
    await basic.locator('input[type=password]').fill(SVC_B.secret);
    await basic.locator('button.authorize').click();
    await page.click('button.btn-done');

    const token = page.locator('#operations-oauth-TokenController_token');
    await token.locator('.opblock-summary').click();
    await token.locator('tr[data-property-name="grant_type"] select').selectOption('client_credentials');
    await token.locator('button.execute').click();

    const live = token.locator('.live-responses-table');
    await live.locator('.response-col_status', { hasText: '200' }).waitFor();
    const answer = await live.locator('.response-col_description pre').first().innerText();
    expect(answer).toContain('"access_token"');
    expect(answer).toContain('"token_type": "Bearer"');
    const screenshot = artifactPath('auth-swagger-token.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }, 60_000);
});
