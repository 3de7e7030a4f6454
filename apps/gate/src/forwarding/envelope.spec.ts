import { gateEnvelopeSchema } from '@gatehouse/protocol';
import type { ClientConnection } from '../connections/client-connection';
import { buildEnvelope, offlineParams } from './envelope';

const connection = {
  channelId: 'c1',
  ip: '203.0.113.9',
  user: 'alice',
  roles: ['user'],
} as unknown as ClientConnection;

describe('envelope', () => {
  it('carries the PROTOCOL.md 3.1 fields byte for byte, in order', () => {
    const envelope = buildEnvelope(connection, 17, { a: 1 });
    expect(JSON.stringify(envelope)).toBe(
      '{"_frontendGate":true,"auth":{"user":"alice","roles":["user"]},"routing":{"requestId":17,"channelId":"c1"},"meta":{"clientRequestIp":"203.0.113.9"},"params":{"a":1}}',
    );
    expect(gateEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it('keeps id 0, string and null ids, and leaves params out when the client sent none', () => {
    expect(buildEnvelope(connection, 0, undefined)).not.toHaveProperty('params');
    expect(buildEnvelope(connection, 0, []).routing.requestId).toBe(0);
    expect(buildEnvelope(connection, 'x', []).routing.requestId).toBe('x');
    expect(buildEnvelope(connection, null, [1]).params).toEqual([1]);
  });

  it('names an anonymous user null', () => {
    const anonymous = { ...connection, user: null, roles: [] } as unknown as ClientConnection;
    expect(buildEnvelope(anonymous, 1, undefined).auth).toEqual({ user: null, roles: [] });
    expect(offlineParams(anonymous)).toEqual({ channelId: 'c1', user: null });
  });
});
