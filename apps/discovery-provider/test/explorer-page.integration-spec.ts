import { issueToken } from './support/provider-app';
import { useProvider } from './support/provider-harness';

/** The explorer page's files: served to anyone (they hold no data), locked down by their headers. */
describe('discovery provider: the explorer page', () => {
  const h = useProvider('discovery-explorer-page');

  it('serves the page with a policy that allows only its own script, style and API', async () => {
    const page = await fetch(`${h.provider.url}/explorer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<script src="/explorer/explorer.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style>|style="/);

    const script = await fetch(`${h.provider.url}/explorer/explorer.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(await script.text()).toContain("getJson('/explorer/services')");
    const style = await fetch(`${h.provider.url}/explorer/explorer.css`);
    expect([style.status, style.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('lets the browser revalidate each file: an ETag, then 304 without a body while it is current', async () => {
    for (const file of ['/explorer', '/explorer/explorer.js', '/explorer/explorer.css']) {
      const first = await fetch(`${h.provider.url}${file}`);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await fetch(`${h.provider.url}${file}`, { headers: { 'if-none-match': etag } });
      expect([again.status, await again.text()]).toEqual([304, '']);
      const stale = await fetch(`${h.provider.url}${file}`, { headers: { 'if-none-match': '"stale"' } });
      expect([stale.status, await stale.text()]).toEqual([200, await first.text()]);
    }
    const head = await fetch(`${h.provider.url}/explorer`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([
      200,
      'text/html; charset=utf-8',
      '',
    ]);
  });

  it('keeps the data behind the admin token', async () => {
    const anonymous = await fetch(`${h.provider.url}/explorer/services`);
    expect(anonymous.status).toBe(401);
    const admin = await fetch(`${h.provider.url}/explorer/services`, {
      headers: { authorization: `Bearer ${h.admin}` },
    });
    expect(admin.status).toBe(200);
  });

  it('counts each instance once, however many services it may call', async () => {
    const { token } = await issueToken(h.provider, h.admin, {
      name: 'svc-a',
      permissions: ['svc-b', 'svc-c', 'svc-d'],
    });
    expect((await (await h.service('svc-a')).register(h.provider.url, token)).status).toBe(200);
    const get = async (path: string) =>
      (await fetch(`${h.provider.url}${path}`, { headers: { authorization: `Bearer ${h.admin}` } })).json();
    expect(await get('/explorer/services')).toEqual([
      { name: 'svc-a', instances: 1, permissions: ['svc-b', 'svc-c', 'svc-d'] },
    ]);
    expect((await get('/explorer/graph')) as unknown).toMatchObject({
      nodes: [{ service: 'svc-a', instances: 1 }],
    });
  });
});
