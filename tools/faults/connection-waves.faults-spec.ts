import { mb, printFigures, sizeFromEnv } from './support/figures';
import { connectionsOnPort, HeapProbe, processUsage } from './support/process-probe';
import { RpcSocket } from './support/rpc-socket';
import { scenarioSystem } from './support/scenario-system';
import { sleep, until } from '@gatehouse/testing';

jest.setTimeout(900_000);

const CONNECTIONS = sizeFromEnv('FAULTS_CONNECTIONS', 10_000);
const WAVE = Math.min(sizeFromEnv('FAULTS_WAVE', 1_000), CONNECTIONS);
/** Connections opened at once within a wave (a wave is opened in steps of this many). */
const STEP = 250;

/**
 * FAULTS_CONNECTIONS (10,000) connections opened and closed in waves of FAULTS_WAVE (1,000):
 * each makes one call, then every other wave closes cleanly and the rest drop without a close
 * frame. After each wave the gate's heap (after a forced GC), RSS and open file descriptors are
 * read: none may grow from the first wave to the last.
 */
describe('connections opened and closed in waves', () => {
  const systemOf = scenarioSystem('connection-waves', {
    nodeArgs: { gate: ['--inspect=127.0.0.1:0'] },
    // All waves come from 127.0.0.1: the per-address cap is raised so it measures cleanup, not refusal.
    env: { gate: { GATE_MAX_CONNECTIONS_PER_IP: String(WAVE * 2) } },
  });

  it('does not grow in memory or file descriptors after the waves', async () => {
    const system = systemOf();
    const gate = system.gate;
    const pid = gate.child.pid!;
    const port = Number(new URL(system.gateUrl).port);
    const heap = await HeapProbe.attach(() => gate.logs());
    const warm = await RpcSocket.open(system.gateUrl);
    for (let i = 0; i < 200; i++) await warm.call('echo', [i], 30_000);
    warm.close();
    await sleep(1_000);
    const baseline = { heap: await heap.collectedHeap(), ...processUsage(pid) };
    const waves: Array<{
      heap: number;
      rss: number;
      fds: number;
      peakFds: number;
      held: number;
      failed: number;
    }> = [];

    for (let opened = 0, wave = 0; opened < CONNECTIONS; wave++) {
      const size = Math.min(WAVE, CONNECTIONS - opened);
      const sockets: RpcSocket[] = [];
      let failed = 0;
      for (let i = 0; i < size; i += STEP) {
        const step = await Promise.allSettled(
          Array.from({ length: Math.min(STEP, size - i) }, () => RpcSocket.open(system.gateUrl)),
        );
        for (const result of step) {
          if (result.status === 'fulfilled') sockets.push(result.value);
          else failed++;
        }
      }
      const outcomes = await Promise.all(sockets.map((socket, n) => socket.call('echo', [wave, n], 30_000)));
      failed += outcomes.filter((o) => !o.ok).length;
      const peakFds = processUsage(pid).fds;
      if (wave % 2 === 0) sockets.forEach((socket) => socket.close());
      else sockets.forEach((socket) => socket.terminate());
      await Promise.all(sockets.map((socket) => socket.closed));
      opened += size;
      // The gate notices a dropped peer when its socket errors or ends; give it a moment before reading.
      await until(
        () => connectionsOnPort(pid, port) === 0,
        'the gate to release the wave',
        30_000,
        100,
      ).catch(() => undefined);
      waves.push({
        heap: await heap.collectedHeap(),
        ...processUsage(pid),
        peakFds,
        held: connectionsOnPort(pid, port),
        failed,
      });
    }
    heap.close();

    printFigures(`${CONNECTIONS} connections in waves of ${WAVE} (even waves close, odd waves drop)`, [
      ['baseline', `heap ${mb(baseline.heap)}, RSS ${mb(baseline.rss)}, fds ${baseline.fds}`],
      ...waves.map((w, i): [string, string] => [
        `after wave ${i + 1}`,
        `heap ${mb(w.heap)}, RSS ${mb(w.rss)}, fds ${w.fds} (${w.peakFds} during), client sockets still held ${w.held}, failed ${w.failed}`,
      ]),
    ]);

    const first = waves[0]!;
    const last = waves[waves.length - 1]!;
    expect(waves.map((w) => w.failed)).toEqual(waves.map(() => 0));
    // No client socket outlives its wave; other fds (pools to the facade and PostgreSQL) may vary within their size.
    expect(waves.map((w) => w.held)).toEqual(waves.map(() => 0));
    expect(last.fds).toBeLessThanOrEqual(first.fds + 16);
    // Live objects do not grow from wave to wave (slack for V8's bookkeeping); RSS only reported.
    expect(last.heap).toBeLessThan(first.heap + 4 * 1024 * 1024);
    expect(gate.child.exitCode).toBeNull();
  });
});
