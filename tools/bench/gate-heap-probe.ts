/**
 * Preloaded into the gate of `bench:gate`'s memory phase (`node --expose-gc --require`): on the
 * message `heap` over the IPC channel it collects garbage, then answers with the heap in use, so
 * every reading counts live objects only, not garbage the next collection would free.
 */
interface HeapReading {
  heapUsed: number;
  external: number;
  rss: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (process.send && gc) {
  process.on('message', (message) => {
    if (message !== 'heap') return;
    // Twice: the first collection's finalizers can free more on the second.
    gc();
    gc();
    const { heapUsed, external, rss } = process.memoryUsage();
    process.send?.({ heapUsed, external, rss } satisfies HeapReading);
  });
  // The channel must not keep the gate alive on its own.
  process.channel?.unref();
}

export type { HeapReading };
