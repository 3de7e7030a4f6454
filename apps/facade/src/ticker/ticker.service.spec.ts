import type { GateTransfer, OfflineNotices } from '@gatehouse/facade-kit';
import { TickerService } from './ticker.service';

/** A gate connector whose `transfer` answers only when the test releases it, so ticks overlap as under load. */
function heldGate() {
  const held: Array<{ seq: number; of: number; release: (answer?: 'gone') => void }> = [];
  const delivered: string[] = [];
  const transfer = {
    push: (_channelId: string, message: { result: { seq: number; of: number } }) =>
      new Promise<boolean>((resolve) => {
        const { seq, of } = message.result;
        held.push({
          seq,
          of,
          release: (answer) =>
            answer === 'gone' ? resolve(false) : (delivered.push(`${seq}/${of}`), resolve(true)),
        });
      }),
  } as unknown as GateTransfer;
  const offline = { onOffline: () => () => undefined } as unknown as OfflineNotices;
  return { ticker: new TickerService(transfer, offline), held, delivered };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('TickerService', () => {
  it('keeps a subscription going when another one of the channel finishes while its tick is in flight', async () => {
    const gate = heldGate();
    const ticker = gate.ticker;
    ticker.start({ channelId: 'c', count: 1, intervalMs: 1 });
    ticker.start({ channelId: 'c', count: 2, intervalMs: 1 });
    await settle();
    expect(gate.held.map((h) => `${h.seq}/${h.of}`)).toEqual(['1/1', '1/2']);
    gate.held.shift()!.release(); // the one-tick subscription ends…
    gate.held.shift()!.release(); // …while the other's first tick was still on the wire
    await settle();
    expect(gate.held.map((h) => `${h.seq}/${h.of}`)).toEqual(['2/2']);
    gate.held.shift()!.release();
    await settle();
    expect(gate.delivered).toEqual(['1/1', '1/2', '2/2']);
    expect(ticker.active('c')).toBe(0);
  });

  it('counts ticks in flight against the per-channel limit, and a gone channel (1105) stops all its tickers', async () => {
    const gate = heldGate();
    const ticker = gate.ticker;
    for (let i = 0; i < 5; i++) expect(ticker.start({ channelId: 'c', count: 3, intervalMs: 1 })).toBe(true);
    await settle();
    expect(ticker.start({ channelId: 'c', count: 3, intervalMs: 1 })).toBe(false);
    gate.held.shift()!.release('gone');
    for (const h of gate.held.splice(0)) h.release();
    await settle();
    expect(gate.held).toEqual([]);
    expect(ticker.active('c')).toBe(0);
  });
});
