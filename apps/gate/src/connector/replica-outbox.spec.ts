import {
  MAX_NOTIFY_BYTES,
  notifyChannel,
  parseReplicaMessages,
  type ReplicaMessage,
} from './replica-messages';
import { ReplicaOutbox } from './replica-outbox';

const ack = (corr: string): ReplicaMessage => ({ t: 'ack', corr, delivery: 'ok' });
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ReplicaOutbox', () => {
  it('sends the messages of one turn for one replica as one NOTIFY, one per replica', async () => {
    const sent: [string, string][] = [];
    const outbox = new ReplicaOutbox(async (channel, payload) => void sent.push([channel, payload]));
    const posted = [outbox.post('r1', ack('1')), outbox.post('r1', ack('2')), outbox.post('r2', ack('3'))];
    await Promise.all(posted);
    expect(sent).toEqual([
      [notifyChannel('r1'), JSON.stringify([ack('1'), ack('2')])],
      [notifyChannel('r2'), JSON.stringify(ack('3'))],
    ]);
    expect(sent.flatMap(([, payload]) => parseReplicaMessages(payload))).toEqual([
      ack('1'),
      ack('2'),
      ack('3'),
    ]);
  });

  it('keeps every payload under the NOTIFY limit by starting another batch', async () => {
    const sent: string[] = [];
    const outbox = new ReplicaOutbox(async (_channel, payload) => void sent.push(payload));
    const text = 'x'.repeat(3000);
    const message = (corr: string): ReplicaMessage => ({
      t: 'transfer',
      corr,
      from: 'r0',
      channelId: 'c',
      text,
    });
    await Promise.all(['1', '2', '3', '4', '5'].map((corr) => outbox.post('r1', message(corr))));
    expect(sent.length).toBeGreaterThan(1);
    for (const payload of sent) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(sent.flatMap(parseReplicaMessages).map((m) => m.corr)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('rejects every message of a NOTIFY that failed, and the next turn starts afresh', async () => {
    let fail = true;
    const outbox = new ReplicaOutbox(async () => {
      if (fail) throw new Error('connection lost');
    });
    const first = [outbox.post('r1', ack('1')), outbox.post('r1', ack('2'))];
    await expect(Promise.allSettled(first)).resolves.toEqual([
      { status: 'rejected', reason: new Error('connection lost') },
      { status: 'rejected', reason: new Error('connection lost') },
    ]);
    fail = false;
    await turn();
    await expect(outbox.post('r1', ack('3'))).resolves.toBeUndefined();
  });
});

describe('parseReplicaMessages', () => {
  it('reads one message or an array, and drops whatever is not a message', () => {
    expect(parseReplicaMessages(JSON.stringify(ack('1')))).toEqual([ack('1')]);
    expect(parseReplicaMessages(JSON.stringify([ack('1'), { t: 'ack' }, 7, null, ack('2')]))).toEqual([
      ack('1'),
      ack('2'),
    ]);
    expect(parseReplicaMessages('{not json')).toEqual([]);
    expect(parseReplicaMessages(undefined)).toEqual([]);
  });
});
