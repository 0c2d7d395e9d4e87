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
 * dead-lettered on its own and its results are reported as before. Batches run side by side; the Zabbix
 * client caps the calls in flight.
 */
@Injectable()
export class HostJobBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly upserts: HostUpsertService,
    @Inject(WRITER_BATCHING) private readonly batching: WriterBatching,
  ) {}

  upsert(job: HostUpsertJobPayload, log: JobLog): Promise<HostJobOutcome> {
    return new Promise<HostJobOutcome>((resolve, reject) => {
      this.waiting.push({ request: { job, log }, resolve, reject });
      if (this.waiting.length >= this.batching.size) this.flush();
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
    while (this.waiting.length > 0) {
      const batch = this.waiting.slice(0, this.batching.size);
      this.waiting = this.waiting.slice(batch.length);
      void this.run(batch);
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
