import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { createHttpApp } from '../http/start-http-app';
import { PlatformModule } from '../platform.module';

/** `/metrics` and `/docs` by environment, over real HTTP on both adapters. */
describe.each(['express', 'fastify'] as const)('operator surfaces on %s', (adapter) => {
  const saved = { ...process.env };
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
  });

  const start = async (env: Record<string, string>): Promise<string> => {
    Object.assign(process.env, env);
    @Module({})
    class Demo {}
    const module: DynamicModule = {
      module: Demo,
      imports: [PlatformModule.forRoot({ service: 'demo', database: false })],
    };
    const common = { name: 'demo', docs: { title: 'demo', description: 'demo' }, logger: false as const };
    app =
      adapter === 'fastify'
        ? await createHttpApp(module, { ...common, adapter })
        : await createHttpApp(module, { ...common, adapter });
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const status = async (url: string, headers: Record<string, string> = {}) =>
    (await fetch(url, { headers })).status;

  it('outside production: metrics and docs are open', async () => {
    const base = await start({ NODE_ENV: 'development' });
    expect(await status(`${base}/metrics`)).toBe(200);
    expect(await status(`${base}/docs`)).toBe(200);
  });

  it('in production: metrics need the token, docs are off', async () => {
    const token = 'metrics-token-0123456789';
    const base = await start({ NODE_ENV: 'production', GATEHOUSE_METRICS_TOKEN: token });
    expect(await status(`${base}/metrics`)).toBe(401);
    expect(await status(`${base}/metrics`, { authorization: `Bearer ${token}x` })).toBe(401);
    expect(await status(`${base}/metrics`, { authorization: `Bearer ${token}` })).toBe(200);
    expect(await status(`${base}/docs`)).toBe(404);
  });

  it('in production without a token: no metrics at all; docs only when asked for', async () => {
    const base = await start({ NODE_ENV: 'production', GATEHOUSE_DOCS: 'true' });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await status(`${base}/docs`)).toBe(200);
  });
});
