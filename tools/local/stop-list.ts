/**
 * Everything the runner started, stopped in reverse order: apps before the database they use.
 * Whatever fails to stop is reported and the rest still stopped; stopping twice is harmless.
 */
export class StopList {
  private readonly entries: { name: string; stop: () => Promise<void> }[] = [];
  private stopping: Promise<void> | undefined;

  /** Throws once stopping has begun, so that nothing new starts during a shutdown. */
  add(name: string, stop: () => Promise<void>): void {
    if (this.stopping) throw new Error(`not starting ${name}: stopping`);
    this.entries.push({ name, stop });
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  names(): string[] {
    return this.entries.map((e) => e.name).reverse();
  }

  stopAll(onError: (name: string, error: unknown) => void): Promise<void> {
    this.stopping ??= (async () => {
      for (const entry of [...this.entries].reverse()) {
        try {
          await entry.stop();
        } catch (error) {
          onError(entry.name, error);
        }
      }
    })();
    return this.stopping;
  }
}
