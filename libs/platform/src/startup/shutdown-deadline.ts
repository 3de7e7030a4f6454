import type { Logger } from 'pino';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Bounds a graceful stop. Nest runs every shutdown hook before the process ends, and a hook
 * waiting on something that never comes (a peer that never answers, a socket nobody closes) would
 * keep a stopped app alive until an orchestrator kills it without a word. After `timeoutMs` from
 * the first stop signal, this names what was still open, so an operator can see which resource
 * held the stop, and exits 1. The timer is unref'd: it never keeps a stopped process alive itself.
 */
export function armShutdownDeadline(
  logger: Logger,
  timeoutMs: number,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    for (const other of SIGNALS) process.off(other, onSignal);
    setTimeout(() => {
      logger.error(
        { signal, timeoutMs, stillOpen: openResources() },
        'graceful stop did not finish in time; exiting',
      );
      exit(1);
    }, timeoutMs).unref();
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
}

/** `{ TCPSocketWrap: 3, Timeout: 1 }`: what the event loop is still waiting for. */
function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
