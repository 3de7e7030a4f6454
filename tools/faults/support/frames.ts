/** A seeded generator (mulberry32), so a failing run can be replayed with the same FAULTS_SEED. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Frame = string | Buffer;
type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, max: number): number => Math.floor(rng() * max);

/** Every kind of JSON-RPC id, the legal ones and the ones a server must refuse. */
const IDS: readonly unknown[] = [
  1,
  0,
  -1,
  2 ** 53 + 1,
  1.5,
  -0,
  1e308,
  'a',
  '',
  'x'.repeat(5_000),
  null,
  true,
  false,
  {},
  [],
  [1],
  { id: 1 },
];
const METHODS: readonly unknown[] = [
  'echo',
  'whoami',
  'subscribe',
  'rpc.discover',
  'auth.authorize',
  'no.such.method',
  '',
  'x'.repeat(10_000),
  42,
  null,
  ['echo'],
  { m: 1 },
];
const PARAMS: readonly unknown[] = [
  [],
  {},
  [1, 'two', null],
  { a: { b: { c: [1, 2, 3] } } },
  'string',
  7,
  null,
  true,
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

function randomValue(rng: Rng, depth = 0): unknown {
  switch (depth > 3 ? int(rng, 4) : int(rng, 7)) {
    case 0:
      return int(rng, 1000);
    case 1:
      return pick(rng, ['', 'é', '😀', '\u0000', '\ud800', 'x'.repeat(int(rng, 300))]);
    case 2:
      return pick(rng, [null, true, false, 1e-300, -1e300, 2 ** 63]);
    case 3:
      return rng();
    case 4:
      return Array.from({ length: int(rng, 5) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(rng, 5) }, (_, i) => [`k${i}`, randomValue(rng, depth + 1)]),
      );
  }
}

/** A call the gate must answer: `echo` (allowed anonymously) with arbitrary params; the result is the params. */
export function validCall(rng: Rng, id: string): { frame: string; params: unknown } {
  const params = [randomValue(rng)];
  return { frame: JSON.stringify({ jsonrpc: '2.0', method: 'echo', params, id }), params };
}

function request(rng: Rng): Record<string, unknown> {
  const message: Record<string, unknown> = {
    jsonrpc: '2.0',
    method: pick(rng, METHODS),
    params: pick(rng, PARAMS),
    id: pick(rng, IDS),
  };
  const drop = int(rng, 8);
  if (drop === 0) delete message['jsonrpc'];
  if (drop === 1) message['jsonrpc'] = pick(rng, ['1.0', 2, null, '2.0 ']);
  if (drop === 2) delete message['id']; // a notification
  if (drop === 3) delete message['method'];
  if (drop === 4) message['extra'] = randomValue(rng);
  return message;
}

function mutate(rng: Rng, text: string): string {
  let out = text;
  for (let n = 1 + int(rng, 4); n > 0; n--) {
    const at = int(rng, out.length + 1);
    switch (int(rng, 5)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + int(rng, 5));
        break;
      case 1:
        out =
          out.slice(0, at) +
          pick(rng, ['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null', '1e999', '\ud800']) +
          out.slice(at);
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3:
        out = out.slice(0, at) + out.slice(at, at + 20).repeat(1 + int(rng, 20)) + out.slice(at);
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(int(rng, 0x3000)) + out.slice(at + 1);
    }
  }
  return out;
}

/** Frame kinds, so the figures can say what was sent. */
export const KINDS = [
  'request',
  'notification',
  'batch-empty',
  'batch-mixed',
  'batch-huge',
  'deep-nesting',
  'deep-params',
  'huge-number',
  'huge-string',
  'invalid-utf8',
  'binary',
  'mutated',
  'garbage',
  'not-an-object',
] as const;
export type Kind = (typeof KINDS)[number];

/**
 * One hostile or odd frame: every JSON-RPC edge (batches empty, mixed and over the limit; ids of
 * every type; missing or wrong `jsonrpc`; notifications), deep nesting, huge numbers and strings,
 * invalid UTF-8 in a text frame, binary frames, and valid frames with random mutations.
 * `maxBytes` is the gate's frame limit: some frames go just under it, a few over.
 */
export function hostileFrame(rng: Rng, maxBytes: number): { kind: Kind; frame: Frame; binary: boolean } {
  // A frame the gate must answer by closing the connection is rarer, so most frames meet an open one.
  const kind =
    rng() < 0.02
      ? 'invalid-utf8'
      : pick(
          rng,
          KINDS.filter((k) => k !== 'invalid-utf8'),
        );
  const frame = ((): Frame => {
    switch (kind) {
      case 'request':
        return JSON.stringify(request(rng));
      case 'notification':
        return JSON.stringify({ jsonrpc: '2.0', method: pick(rng, METHODS), params: pick(rng, PARAMS) });
      case 'batch-empty':
        return '[]';
      case 'batch-mixed':
        return JSON.stringify(
          Array.from({ length: 1 + int(rng, 10) }, () => (rng() < 0.3 ? randomValue(rng) : request(rng))),
        );
      case 'batch-huge':
        return JSON.stringify(
          Array.from({ length: 90 + int(rng, 200) }, (_, i) => ({
            jsonrpc: '2.0',
            method: 'echo',
            params: [i],
            id: i,
          })),
        );
      case 'deep-nesting': {
        const depth = 1_000 + int(rng, Math.floor(maxBytes / 2) - 1_000);
        return rng() < 0.5
          ? '['.repeat(depth) + ']'.repeat(depth)
          : '{"a":'.repeat(depth / 5) + '1' + '}'.repeat(depth / 5);
      }
      case 'deep-params': {
        const depth = 100 + int(rng, 5_000);
        return `{"jsonrpc":"2.0","method":"echo","id":"deep","params":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      }
      case 'huge-number':
        return `{"jsonrpc":"2.0","method":"echo","id":${pick(rng, ['1'.repeat(400), '1e999', '-1e999', '0.' + '0'.repeat(500) + '1'])},"params":[${'9'.repeat(int(rng, 2_000))}]}`;
      case 'huge-string': {
        const size = rng() < 0.97 ? maxBytes - 200 - int(rng, 1_000) : maxBytes + int(rng, 10_000);
        return JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: ['s'.repeat(size)], id: 'big' });
      }
      case 'invalid-utf8':
        // Sent as a text frame: the WebSocket layer must refuse it (1007), not the JSON parser choke.
        return Buffer.concat([
          Buffer.from('{"jsonrpc":"2.0","method":"echo","params":["'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
          Buffer.from('"],"id":1}'),
        ]);
      case 'binary':
        return Buffer.from(Array.from({ length: 1 + int(rng, 2_000) }, () => int(rng, 256)));
      case 'mutated':
        return mutate(rng, JSON.stringify(request(rng)));
      case 'garbage':
        return Array.from({ length: 1 + int(rng, 200) }, () => String.fromCharCode(int(rng, 0xd7ff))).join(
          '',
        );
      case 'not-an-object':
        return pick(rng, ['1', '"str"', 'null', 'true', '[1,2,3]', '[[]]', '[null]', '{}', '""', ' ', '']);
    }
  })();
  return { kind, frame, binary: kind === 'binary' };
}
