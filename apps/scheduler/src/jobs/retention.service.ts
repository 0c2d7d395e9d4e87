import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventLogRepository, JobRepository } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { PeriodicService } from './periodic-sweep';

const BATCH = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PrunedRows {
  readonly jobs: number;
  readonly eventLog: number;
}

/**
 * Keeps the job and event log tables bounded: finished jobs older than JOB_RETENTION_DAYS and event log rows
 * older than EVENT_LOG_RETENTION_DAYS are deleted in batches, so no long lock is held. Jobs still pending or
 * running are never pruned, whatever their age.
 */
@Injectable()
export class RetentionService extends PeriodicService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
  ) {
    super();
  }

  protected interval(): number {
    return this.config.RETENTION_INTERVAL_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.prune();
  }

  async prune(now = new Date()): Promise<PrunedRows> {
    const jobCutoff = new Date(now.getTime() - this.config.JOB_RETENTION_DAYS * DAY_MS);
    const logCutoff = new Date(now.getTime() - this.config.EVENT_LOG_RETENTION_DAYS * DAY_MS);
    const jobs = new JobRepository(this.dataSource.manager);
    const eventLog = new EventLogRepository(this.dataSource.manager);
    const pruned = { jobs: 0, eventLog: 0 };
    try {
      pruned.jobs = await drain((batch) => jobs.deleteFinishedBefore(jobCutoff, batch));
      pruned.eventLog = await drain((batch) => eventLog.deleteOlderThan(logCutoff, batch));
    } catch (error) {
      this.logger.warn(`retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (pruned.jobs + pruned.eventLog > 0) {
      this.logger.log(`pruned ${pruned.jobs} job(s) and ${pruned.eventLog} event log row(s)`);
    }
    return pruned;
  }
}

async function drain(deleteBatch: (batch: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(BATCH);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
