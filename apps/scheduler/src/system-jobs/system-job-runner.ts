/**
 * The contract between the system job framework (scheduling, job rows, leader election, the run-now API)
 * and the jobs it runs. A runner does one kind of job; the framework creates its job row, calls `run`, and
 * stores the summary it returns (or the error it throws) on the row.
 */
export const SYSTEM_JOB_KINDS = [
  'ImportZabbixSettings',
  'HostConfigSyncRefresh',
  'MaintenanceCleanup',
  'SyncHostsNow',
  'NetboxChangeLogPoll',
] as const;
export type SystemJobKind = (typeof SYSTEM_JOB_KINDS)[number];

export interface SystemJobRequest {
  /** The job row's id. */
  readonly jobId: string;
  readonly correlationId: string;
  /** Who started it: an API user, or null for the schedule. */
  readonly startedBy: string | null;
  /** Run-specific options (`{ dryRun: true }`, `{ confirm: true }`, `{ cutoffMinutes: 30 }`, …). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Lets a long run show how far it got (done/total) on its job row while it runs. */
export interface SystemJobProgress {
  report(done: number, total: number): Promise<void>;
}

export interface SystemJobRunner {
  readonly kind: SystemJobKind;
  /** Does the work and returns the summary stored on the job row; throws to fail the job. */
  run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>>;
}

/** Nest token of the list of every SystemJobRunner the scheduler has. */
export const SYSTEM_JOB_RUNNERS = Symbol('SYSTEM_JOB_RUNNERS');
