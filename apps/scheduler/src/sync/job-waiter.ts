import { setTimeout as sleep } from 'node:timers/promises';
import { type DataSource } from 'typeorm';
import { JobRepository } from '@lib/models';
import { SystemJobFailure } from '../system-jobs/system-job-failure.error';
import { type SystemJobProgress } from '../system-jobs/system-job-runner';
import { summarizeHostJobs } from './domain/job-progress';

const POLL_MS = 1_000;
/** No job of the run finished for this long: no writer is working; the run stops waiting and says so. */
const STALL_MS = 10 * 60_000;

/**
 * Waits for the host jobs a system job sent (its correlation id), reporting done/total in hosts on the
 * system job's row (a batch check counts its hosts, not one), until all finished, none finished for
 * STALL_MS, or `stopping()` (the scheduler shuts down; the jobs go on). Returns what the jobs did, in hosts
 * (`created`, `updated`, `checked`, … and `failed`), and the `messages` (job rows) it took.
 */
export async function waitForJobs(
  dataSource: DataSource,
  correlationId: string,
  progress: SystemJobProgress,
  stopping: () => boolean,
): Promise<Record<string, number>> {
  const jobs = new JobRepository(dataSource.manager);
  let finished = -1;
  let movedAt = Date.now();
  for (;;) {
    const outcome = summarizeHostJobs(await jobs.countByCorrelation(correlationId));
    await progress.report(outcome.finished, outcome.total);
    if (outcome.finished >= outcome.total) return outcome;
    if (stopping()) {
      throw new SystemJobFailure('the scheduler shut down while the run waited for its jobs; they go on', {
        jobs: outcome,
      });
    }
    if (outcome.finished !== finished) [finished, movedAt] = [outcome.finished, Date.now()];
    if (Date.now() - movedAt > STALL_MS) return { ...outcome, unfinished: outcome.total - outcome.finished };
    await sleep(POLL_MS);
  }
}
