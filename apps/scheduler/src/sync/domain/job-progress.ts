import { HOST_CHECK_KEY_PATTERN } from '@lib/contracts';

/** Host job rows of one run, counted by status, result operation and (for batch checks) host key. */
export interface HostJobCount {
  readonly status: string;
  /** The result's `operation` (`created`, `checked`, …), null while the job has none. */
  readonly operation: string | null;
  /** A batch check's host key (`checks:200`), null for a job of one host. */
  readonly batchKey: string | null;
  /** How many job rows. */
  readonly jobs: number;
}

/** What a run's jobs did, in hosts: `total`, `finished`, `failed` and one count per operation. */
export type HostJobSummary = Record<string, number> & {
  total: number;
  finished: number;
  failed: number;
  /** Job rows (one message each) behind the counts: a batch check is one job for many hosts. */
  messages: number;
};

/** The hosts one job is for: a batch check's (`checks:200`: 200), otherwise one. */
export function hostsOfJob(batchKey: string | null): number {
  if (batchKey === null || !HOST_CHECK_KEY_PATTERN.test(batchKey)) return 1;
  return Number(batchKey.slice(batchKey.indexOf(':') + 1));
}

/**
 * Sums a run's job rows in hosts, so a run's progress (done/total) moves with the hosts it covers whether
 * they went one per job (SyncHostsNow) or in batch checks of up to HOST_CHECK_MAX_HOSTS (HostConfigSyncRefresh).
 * A job still pending or running counts only in `total`; a finished one under its operation (`completed`
 * when its result names none) or `failed`.
 */
export function summarizeHostJobs(counts: readonly HostJobCount[]): HostJobSummary {
  const summary: HostJobSummary = { total: 0, finished: 0, failed: 0, messages: 0 };
  for (const count of counts) {
    const hosts = hostsOfJob(count.batchKey) * count.jobs;
    summary.total += hosts;
    summary.messages += count.jobs;
    if (count.status === 'pending' || count.status === 'running') continue;
    summary.finished += hosts;
    const outcome = count.status === 'completed' ? (count.operation ?? 'completed') : 'failed';
    summary[outcome] = (summary[outcome] ?? 0) + hosts;
  }
  return summary;
}
