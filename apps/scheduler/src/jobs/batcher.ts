interface Waiting<TItem> {
  readonly item: TItem;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects items submitted while a batch is being handled and handles them together in the next one: an
 * isolated item goes at once (a batch of one), a burst fills batches of up to `maxBatch` (host changes
 * planned in one transaction, results applied in one). One batch at a time, so batches never contend for
 * the same rows. Each submitter learns its own item's outcome: the batch's error when the whole batch
 * failed, or the item's own.
 */
export class Batcher<TItem> {
  private readonly queue: Waiting<TItem>[] = [];
  private running = false;

  constructor(
    private readonly handle: (items: readonly TItem[]) => Promise<readonly (Error | null)[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: TItem): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.queue.push({ item, resolve, reject }));
    if (!this.running) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      // Let the submissions of this turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const errors = await this.handle(batch.map((waiting) => waiting.item));
          for (const [index, waiting] of batch.entries()) {
            const error = errors[index];
            if (error) waiting.reject(error);
            else waiting.resolve();
          }
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
