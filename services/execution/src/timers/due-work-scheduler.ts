/**
 * What execution's schedulers share: every `intervalMs` they do the work that is due (timers to
 * fire, handoff alerts to record), one run at a time; `tick` runs it now, or joins the run under
 * way; `stop` waits for it.
 */
export abstract class DueWorkScheduler {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.interval = setInterval(() => void this.tick(), intervalMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }

  /** Does all that is due now; resolves with how many commands recorded something. */
  tick(): Promise<number> {
    this.running ??= this.doDue().finally(() => (this.running = undefined));
    return this.running;
  }

  protected abstract doDue(): Promise<number>;
}
