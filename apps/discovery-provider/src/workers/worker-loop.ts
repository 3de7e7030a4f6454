import type { Logger } from 'pino';

/**
 * A background loop: runs `tick`, then sleeps `intervalMs` or until woken. Errors are logged and
 * the loop carries on (the database may be restarting); `stop` waits for the current tick.
 */
export class WorkerLoop {
  private running = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.tick();
      } catch (error) {
        this.logger.warn({ err: error, worker: this.name }, 'worker tick failed');
      }
      if (this.running && !this.woken) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.intervalMs);
      this.wakeSleeper = finish;
    });
  }
}
