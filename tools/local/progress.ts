import { performance } from 'node:perf_hooks';

/** What `npm start` is doing, one line at a time, with how long each step took. */
export class Progress {
  private readonly started = performance.now();

  constructor(private readonly out: NodeJS.WritableStream) {}

  say(text: string): void {
    this.out.write(`[start] ${text}\n`);
  }

  /** Prints `<what>: <doing>`, runs the step, then `<what>: <done> in N s`. */
  async step<T>(what: string, doing: string, work: () => Promise<T>, done = 'ready'): Promise<T> {
    const began = performance.now();
    this.say(`${what}: ${doing}`);
    const result = await work();
    this.say(`${what}: ${done} in ${seconds(performance.now() - began)}`);
    return result;
  }

  /** Time since the runner started, for the banner. */
  elapsed(): string {
    return seconds(performance.now() - this.started);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
