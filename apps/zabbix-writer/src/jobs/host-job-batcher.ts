import { Inject, Injectable } from '@nestjs/common';
import { type HostUpsertJobPayload } from '@lib/contracts';
import { type HostJobOutcome } from '../hosts/domain/host-job-outcome';
import { HostUpsertService, type JobSettlement, type UpsertRequest } from '../hosts/host-upsert.service';
import { WRITER_BATCHING, type WriterBatching } from '../writer.tokens';
import { type JobLog } from './job-log';

interface Waiting {
  readonly request: UpsertRequest;
  readonly resolve: (outcome: HostJobOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the upsert jobs in hand into batches for HostUpsertService: a batch goes when it holds
 * WRITER_BATCH_SIZE jobs, or WRITER_BATCH_LINGER_MS after its first job arrived (0: as soon as the jobs
 * already received are in). Each job gets its own outcome back, so its message is acked, retried or
 * dead-lettered on its own and its results are reported as before. At most WRITER_BATCHES_IN_FLIGHT
 * batches run at once: jobs arriving while they run wait, and go out together (up to the batch size) as soon
 * as one ends, so a bulk load sends full host.create arrays rather than many small ones while a lone job
 * still goes at once.
 */
@Injectable()
export class HostJobBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = 0;

  constructor(
    private readonly upserts: HostUpsertService,
    @Inject(WRITER_BATCHING) private readonly batching: WriterBatching,
  ) {}

  upsert(job: HostUpsertJobPayload, log: JobLog): Promise<HostJobOutcome> {
    return new Promise<HostJobOutcome>((resolve, reject) => {
      this.waiting.push({ request: { job, log }, resolve, reject });
      if (this.waiting.length >= this.batching.size && this.running < this.batching.inFlight) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.immediate) return;
    if (this.batching.lingerMs > 0) this.timer = setTimeout(() => this.flush(), this.batching.lingerMs);
    else this.immediate = setImmediate(() => this.flush());
  }

  private flush(): void {
    clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    while (this.waiting.length > 0 && this.running < this.batching.inFlight) {
      const batch = this.waiting.slice(0, this.batching.size);
      this.waiting = this.waiting.slice(batch.length);
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        // What arrived meanwhile goes now, together.
        if (this.waiting.length > 0) this.flush();
      });
    }
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    let settlements: JobSettlement[];
    try {
      settlements = await this.upserts.upsertAll(batch.map((waiting) => waiting.request));
    } catch (error) {
      settlements = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach((waiting, index) => {
      const settlement = settlements[index];
      if (settlement?.ok) waiting.resolve(settlement.outcome);
      else waiting.reject(settlement ? settlement.error : new Error('the batch lost track of this job'));
    });
  }
}
