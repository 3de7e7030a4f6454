/** Counts of one kind of request while a fault runs. */
export interface Tally {
  ok: number;
  /** Non-2xx answers by `status error-code`, e.g. `503 temporarily_unavailable`. */
  refused: Record<string, number>;
  /** Requests that got no HTTP answer at all. */
  noAnswer: number;
}

export function tally(): Tally {
  return { ok: 0, refused: {}, noAnswer: 0 };
}

export function countRefusal(counts: Tally, status: number, code: unknown): void {
  const key = `${status} ${typeof code === 'string' ? code : '-'}`;
  counts.refused[key] = (counts.refused[key] ?? 0) + 1;
}

export function describeTally(counts: Tally): string {
  const refused = Object.entries(counts.refused).map(([key, n]) => `${n}× ${key}`);
  return [
    `${counts.ok} ok`,
    ...refused,
    ...(counts.noAnswer ? [`${counts.noAnswer} without answer`] : []),
  ].join(', ');
}

/** Refusals other than the ones a client may retry (503 with the service's "temporarily unavailable" code). */
export function unexpectedRefusals(counts: Tally): string[] {
  return Object.keys(counts.refused).filter((key) => key !== '503 temporarily_unavailable');
}

/** Runs `step` again and again (with `pauseMs` between) until `stop()` is called; errors end the loop and are rethrown by `stop`. */
export function loop(step: () => Promise<void>, pauseMs: number): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      await step();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}
