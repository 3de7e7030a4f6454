/**
 * Calls `wake` once `windowMs` after the first request, however many requests arrive meanwhile
 * (0: at once, each time). The delivery worker wakes through it: changes that commit together (a
 * burst of registrations around one service) become one claim and one push per instance, where
 * waking at each commit claimed a few rows at a time and pushed an instance once per peer.
 */
export class CoalescedWake {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly wake: () => void,
  ) {}

  request(): void {
    if (this.windowMs === 0) {
      this.wake();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, this.windowMs);
    // Never what keeps a stopping process alive.
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
