import { mb, printFigures, sizeFromEnv } from './support/figures';
import { hostileFrame, type Kind, randomSource, validCall } from './support/frames';
import { HeapProbe, processUsage } from './support/process-probe';
import { RpcSocket } from './support/rpc-socket';
import { scenarioSystem } from './support/scenario-system';
import { sleep } from '@gatehouse/testing';

jest.setTimeout(900_000);

const FRAMES = sizeFromEnv('FAULTS_FRAMES', 100_000);
const SEED = sizeFromEnv('FAULTS_SEED', 20261202);
const MAX_MESSAGE_BYTES = 64 * 1024;
const HOSTILE = 4;
const VALID = 4;
/** Hostile frames between two barrier calls (a valid call whose answer is awaited). */
const BARRIER_EVERY = 50;
const DEADLINE_MS = 30_000;

/**
 * FAULTS_FRAMES (100,000) random and mutated frames against the gate: four connections send every
 * kind of bad frame (reconnecting whenever the gate closes them, as it should for some), with a
 * valid call after every 50 that must be answered while the connection is open; four other
 * connections send only valid calls, each answered with exactly its params. The gate must not
 * crash, must send nothing that is not JSON-RPC, and its heap must be back to baseline afterwards.
 */
describe('random and mutated frames against the gate', () => {
  const systemOf = scenarioSystem('frame-fuzz', {
    // The inspector lets the suite force a full GC in the gate before reading its heap.
    nodeArgs: { gate: ['--inspect=127.0.0.1:0'] },
    // Rate limits would throttle the fuzzer itself; bad frames still count towards the abuse close.
    env: {
      gate: {
        GATE_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
        GATE_RATE_PER_SEC: '100000',
        GATE_RATE_BURST: '100000',
        GATE_MAX_CONNECTIONS_PER_IP: '100000',
        // The valid lanes call anonymously for longer than the login deadline at full size (100,000
        // frames take over a minute); the deadline has its own test (gate-abuse.integration-spec.ts).
        GATE_LOGIN_TIMEOUT_MS: '0',
      },
    },
  });

  it('survives every frame, answers every valid call, and returns to its baseline heap', async () => {
    const system = systemOf();
    const gate = system.gate;
    const pid = gate.child.pid!;
    const heap = await HeapProbe.attach(() => gate.logs());
    const rng = randomSource(SEED);
    const sentByKind = {} as Record<Kind, number>;
    const closes: Record<string, number> = {};
    const unanswered: string[] = [];
    const wrongAnswers: string[] = [];
    const malformed: string[] = [];
    let validAnswered = 0;
    let barriersAnswered = 0;
    let sent = 0;
    let peakRss = 0;

    // Warm-up, so the baseline includes what the first calls allocate once (JIT, pools, caches).
    const warm = await RpcSocket.open(system.gateUrl);
    for (let i = 0; i < 500; i++) await warm.call('echo', [i], DEADLINE_MS);
    warm.close();
    await sleep(1_000);
    const baseline = { heap: await heap.collectedHeap(), ...processUsage(pid) };
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, processUsage(pid).rss)), 200);

    const validWorker = async (lane: number, frames: number) => {
      const socket = await RpcSocket.open(system.gateUrl);
      for (let i = 0; i < frames; i++) {
        const { params } = validCall(rng, 'unused');
        const outcome = await socket.call('echo', params, DEADLINE_MS);
        sent++;
        if (!outcome.ok) unanswered.push(`valid lane ${lane}: ${outcome.code}`);
        else if (JSON.stringify(outcome.result) !== JSON.stringify(params))
          wrongAnswers.push(`lane ${lane} call ${i}`);
        else validAnswered++;
      }
      malformed.push(...socket.malformed);
      socket.close();
    };
    const hostileWorker = async (frames: number) => {
      let socket = await RpcSocket.open(system.gateUrl);
      const reopen = async () => {
        const { code } = await socket.closed;
        closes[code] = (closes[code] ?? 0) + 1;
        malformed.push(...socket.malformed);
        socket = await RpcSocket.open(system.gateUrl);
      };
      let since: Kind[] = [];
      for (let i = 0; i < frames; i++) {
        if (!socket.isOpen) await reopen();
        const { kind, frame, binary } = hostileFrame(rng, MAX_MESSAGE_BYTES);
        sentByKind[kind] = (sentByKind[kind] ?? 0) + 1;
        since.push(kind);
        socket.send(frame, binary);
        sent++;
        // A frame that ends the connection: wait for the close rather than send into a closing socket.
        if (kind === 'invalid-utf8' || Buffer.byteLength(frame) > MAX_MESSAGE_BYTES)
          await Promise.race([socket.closed, sleep(5_000)]);
        if (i % BARRIER_EVERY !== BARRIER_EVERY - 1) continue;
        const outcome = await socket.call('echo', ['barrier', i], DEADLINE_MS);
        const before = [...new Set(since)].join(' ');
        since = [];
        if (outcome.ok) barriersAnswered++;
        // Closed by the gate (abuse, bad UTF-8, oversize) is an answer of sorts; silence on an open connection is not.
        else if (outcome.code === 'no answer')
          unanswered.push(`barrier ${i}: no answer on an open connection after ${before}`);
        else if (outcome.code !== 'closed') barriersAnswered++;
      }
      malformed.push(...socket.malformed);
      socket.close();
    };
    const validShare = Math.floor(FRAMES / 10);
    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: VALID }, (_, lane) => validWorker(lane, Math.floor(validShare / VALID))),
      ...Array.from({ length: HOSTILE }, () => hostileWorker(Math.floor((FRAMES - validShare) / HOSTILE))),
    ]);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    await sleep(2_000);
    const after = { heap: await heap.collectedHeap(), ...processUsage(pid) };
    heap.close();
    const live = (await fetch(`${gate.url}/health/live`)).ok;

    printFigures(`${sent} frames against the gate (seed ${SEED}) in ${seconds.toFixed(1)} s`, [
      [
        'frames by kind',
        Object.entries(sentByKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
      ],
      [
        'valid calls answered correctly',
        `${validAnswered} (wrong ${wrongAnswers.length}, unanswered ${unanswered.length})`,
      ],
      ['barrier calls answered on hostile connections', barriersAnswered],
      [
        'connections closed by the gate, by code',
        Object.entries(closes)
          .map(([c, n]) => `${c}: ${n}`)
          .join(', '),
      ],
      ['frames from the gate that were not JSON-RPC', malformed.length],
      ['gate heap after GC: baseline / after', `${mb(baseline.heap)} / ${mb(after.heap)}`],
      ['gate RSS: baseline / peak / after', `${mb(baseline.rss)} / ${mb(peakRss)} / ${mb(after.rss)}`],
      ['gate open fds: baseline / after', `${baseline.fds} / ${after.fds}`],
    ]);

    expect(live).toBe(true);
    expect(gate.child.pid).toBe(pid);
    expect(gate.child.exitCode).toBeNull();
    expect(unanswered).toEqual([]);
    expect(wrongAnswers).toEqual([]);
    expect(malformed).toEqual([]);
    // Live objects back to baseline (a few MB of slack for V8's own bookkeeping); RSS may keep freed pages.
    expect(after.heap).toBeLessThan(baseline.heap + 8 * 1024 * 1024);
    // Sockets to the facade are pooled (GATE_FACADE_CONNECTIONS, 16 by default) and may stay open.
    expect(after.fds).toBeLessThanOrEqual(baseline.fds + 16);
  });
});
