import { DiscoveryClient, DiscoveryClientError, DiscoveryClientErrorCode } from '../src/index';
import { JsonRpcException } from '@gatehouse/protocol';
import { FakeProvider } from './fake-provider';
import { startPeer, startTestService, type TestService } from './test-app';

describe.each(['express', 'fastify'] as const)(
  'DiscoveryClientModule on %s against a provider speaking the wire contract',
  (adapter) => {
    const provider = new FakeProvider();
    let peer: Awaited<ReturnType<typeof startPeer>>;
    let service: TestService;
    let client: DiscoveryClient;

    const update = (revision: number, extra: Record<string, unknown> = {}) => ({
      method: 'update',
      revision,
      permissions: { gate: { host: peer.url, token: `to-gate-${revision}` } },
      allows: { [`from-gate-${revision}`]: '::ffff:127.0.0.1', 'from-far-away': '10.9.9.9' },
      ...extra,
    });

    beforeAll(async () => {
      await provider.start();
      peer = await startPeer();
      provider.failNext = 2;
      service = await startTestService({
        adapter,
        configurationToken: await provider.configurationToken('facade', ['gate', 'auth']),
        retry: { initialMs: 20, maxMs: 100 },
      });
      client = service.app.get(DiscoveryClient);
      await client.whenRegistered();
    });

    afterAll(async () => {
      await service?.app.close();
      await peer?.close();
      await provider.stop();
    });

    it('registers after retrying while the provider fails, and answers confirm with its key', () => {
      expect(provider.failNext).toBe(0);
      expect(provider.registrations).toHaveLength(1);
      const [registration] = provider.registrations;
      expect(registration!.host).toBe(service.url);
      expect(registration!.gateHost).toBe(service.gateHost);
      expect(registration!.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(client.instanceId()).toBe(registration!.instanceId);
    });

    it('gives typed errors before any update', async () => {
      await expect(client.call('gate', '/')).rejects.toMatchObject({
        code: DiscoveryClientErrorCode.NotRegistered,
      });
      await expect(client.call('billing', '/')).rejects.toMatchObject({
        code: DiscoveryClientErrorCode.NotPermitted,
      });
    });

    it('applies a signed update and calls the peer with its pair token', async () => {
      const seen: number[] = [];
      const stop = client.onUpdate((view) => seen.push(view.revision));
      const answer = await provider.push(service.gateHost, update(1));
      stop();
      expect(answer).toEqual({ status: 200, body: { status: 'ok', applied: true, revision: 1 } });
      expect(seen).toEqual([1]);
      expect(client.revision()).toBe(1);
      expect(client.permissions()['gate']).toEqual({ host: peer.url, token: 'to-gate-1', hosts: [peer.url] });

      await expect(client.jsonRpc('gate', 'transfer', { channelId: 'c1' })).resolves.toEqual({
        channelId: 'c1',
      });
      const call = peer.calls.at(-1)!;
      expect(call.headers.authorization).toBe('Bearer to-gate-1');
      expect(JSON.parse(call.body)).toMatchObject({
        jsonrpc: '2.0',
        method: 'transfer',
        params: { channelId: 'c1' },
      });
    });

    it('maps a peer JSON-RPC error and a non-JSON-RPC answer', async () => {
      const failure = client.jsonRpc('gate', 'fail');
      await expect(failure).rejects.toBeInstanceOf(JsonRpcException);
      await expect(failure).rejects.toMatchObject({
        error: { code: 1105, message: 'Client not found', data: { x: 1 } },
      });
      await expect(client.jsonRpc('gate', 'garbage')).rejects.toMatchObject({
        code: DiscoveryClientErrorCode.BadResponse,
      });
    });

    it('refuses unsigned, forged, re-addressed and tampered updates with 401 and keeps its state', async () => {
      for (const signing of ['none', 'forged', 'wrong-aud', 'other-body'] as const) {
        const answer = await provider.push(service.gateHost, update(50), signing);
        expect(answer.status).toBe(401);
        expect(answer.body['error']).toMatch(/^signature_missing|signature_invalid|body_mismatch$/);
      }
      expect(client.revision()).toBe(1);
      expect(client.permissions()['gate']?.token).toBe('to-gate-1');
    });

    it('ignores a stale update (200, state kept)', async () => {
      await provider.push(service.gateHost, update(5));
      const stale = await provider.push(service.gateHost, update(4));
      expect(stale).toEqual({ status: 200, body: { status: 'ok', applied: false, revision: 5 } });
      expect(client.permissions()['gate']?.token).toBe('to-gate-5');
    });

    it('answers bad calls to the endpoint with clear 4xx', async () => {
      expect((await provider.push(service.gateHost, { method: 'update', revision: 'x' })).status).toBe(400);
      expect((await provider.push(service.gateHost, { method: 'dance' })).body['error']).toBe(
        'unknown_method',
      );
      expect(
        (await provider.push(service.gateHost, { method: 'confirm', hashed_signature: 'f'.repeat(32) }))
          .status,
      ).toBe(404);
      const get = await fetch(service.gateHost);
      expect(get.status).toBe(405);
      const huge = await fetch(service.gateHost, { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024) }).catch(
        () => undefined,
      );
      if (huge) expect(huge.status).toBe(413);
    });

    it('guards incoming calls: token in allows, from the mapped IP', async () => {
      const get = (token?: string) =>
        fetch(`${service.url}/guarded`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      const ok = await get('from-gate-5');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ip: '127.0.0.1' });
      expect((await get()).status).toBe(401);
      expect((await get('from-gate-1')).status).toBe(401);
      const far = await get('from-far-away');
      expect(far.status).toBe(403);
      expect(await far.json()).toMatchObject({ code: 'ip_mismatch' });
    });

    it('limits each caller to callerRateLimit calls a second: 429 rate_limited with Retry-After', async () => {
      const limited = await startTestService({
        adapter,
        configurationToken: await provider.configurationToken('limited', ['gate']),
        retry: { initialMs: 20, maxMs: 100 },
        callerRateLimit: 3,
      });
      try {
        await limited.app.get(DiscoveryClient).whenRegistered();
        await provider.push(
          limited.gateHost,
          update(1, { allows: { 'caller-a': '127.0.0.1', 'caller-b': '127.0.0.1' } }),
        );
        const get = (token: string) =>
          fetch(`${limited.url}/guarded`, { headers: { authorization: `Bearer ${token}` } });
        for (let i = 0; i < 3; i++) expect((await get('caller-a')).status).toBe(200);
        const refused = await get('caller-a');
        expect({
          status: refused.status,
          retryAfter: refused.headers.get('retry-after'),
          body: await refused.json(),
        }).toMatchObject({
          status: 429,
          retryAfter: '1',
          body: { code: 'rate_limited' },
        });
        // Another caller has its own budget.
        expect((await get('caller-b')).status).toBe(200);
      } finally {
        await limited.app.close();
      }
    });

    it('signs service tokens that expire after 60 s, and a fresh one to deregister', () => {
      const claims = (token: string) =>
        JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
      const { iat, exp } = claims(provider.registrations[0]!.token);
      expect(exp - iat).toBe(60);
      // The limited service of the previous test deregistered on close, with a token signed then
      // (identical to its registration's when both fall in the same second).
      const gone = provider.deregistrations.at(-1)!;
      expect(gone.deregisterToken).toBeDefined();
      expect(claims(gone.deregisterToken!).exp - claims(gone.deregisterToken!).iat).toBe(60);
    });

    it('round-robins over hosts when the provider lists several instances', async () => {
      const second = await startPeer();
      try {
        await provider.push(service.gateHost, update(6, { hosts: { gate: [peer.url, second.url] } }));
        const before = peer.calls.length;
        await Promise.all([1, 2, 3, 4].map((n) => client.jsonRpc('gate', 'echo', [n])));
        expect(peer.calls.length - before).toBe(2);
        expect(second.calls).toHaveLength(2);
      } finally {
        await second.close();
      }
    });

    it('answers pings for its instance', async () => {
      const answer = await provider.push(service.gateHost, {
        method: 'ping',
        instanceId: client.instanceId(),
      });
      expect(answer).toEqual({ status: 200, body: { status: 'ok' } });
    });

    it('reports transport failures as typed errors', async () => {
      await provider.push(
        service.gateHost,
        update(7, { permissions: { gate: { host: 'http://127.0.0.1:9', token: 't' } } }),
      );
      const error = await client.call('gate', '/').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiscoveryClientError);
      expect((error as DiscoveryClientError).code).toBe(DiscoveryClientErrorCode.CallFailed);
    });
  },
);
