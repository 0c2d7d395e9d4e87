import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/** Runs `sweep` every `intervalMs`, never two at once; `stop()` waits for the one in progress. */
export class PeriodicSweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly intervalMs: number,
    private readonly sweep: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/**
 * A service that does one pass of its work every `interval()` while the app runs: started when the app has
 * bootstrapped, stopped (waiting for the pass in progress) when it shuts down.
 */
export abstract class PeriodicService implements OnApplicationBootstrap, OnApplicationShutdown {
  private periodic?: PeriodicSweep;

  /** Milliseconds between two passes. */
  protected abstract interval(): number;

  /** One pass; it handles its own errors (a failed pass is logged, the next one comes anyway). */
  protected abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.periodic = new PeriodicSweep(this.interval(), () => this.runOnce());
    this.periodic.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }
}
