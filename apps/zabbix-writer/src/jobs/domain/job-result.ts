import {
  PermanentError,
  type HostDeleteJobPayload,
  type HostUpsertJobPayload,
  maintenanceKey,
  type JobResultPayload,
  type MaintenanceJobPayload,
} from '@lib/contracts';
import { type HostJobOutcome } from '../../hosts/domain/host-job-outcome';

/** The fields of a job that its result repeats. */
export interface JobIdentity {
  readonly jobId: string;
  readonly kind: JobResultPayload['kind'];
  readonly hostKey: string;
  readonly revision: number;
}

export interface AttemptFacts {
  /** The delivery count of the message: 1 for the first attempt. */
  readonly attempt: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly worker: string;
}

const MAX_ERROR_TEXT = 2_000;

export function upsertJobIdentity(job: HostUpsertJobPayload): JobIdentity {
  return { jobId: job.jobId, kind: job.kind, hostKey: job.hostKey, revision: job.revision };
}

export function deleteJobIdentity(job: HostDeleteJobPayload): JobIdentity {
  return { jobId: job.jobId, kind: 'DeleteZabbixHost', hostKey: job.hostKey, revision: job.revision };
}

export function maintenanceJobIdentity(job: MaintenanceJobPayload): JobIdentity {
  return {
    jobId: job.jobId,
    kind: job.kind,
    hostKey: maintenanceKey(job.maintenanceId),
    revision: job.revision,
  };
}

/**
 * One id per job, attempt and outcome (`started`, then `succeeded` or `failed`), and per heartbeat
 * (`working` number `beat`): a republished result of the same attempt is dropped by JetStream's dedup, and
 * the final result is never mistaken for the start.
 */
export function resultMessageId(
  jobId: string,
  attempt: number,
  outcome: JobResultPayload['outcome'],
  beat?: number,
): string {
  return `result:${jobId}:${attempt}:${outcome}${beat === undefined ? '' : `:${beat}`}`;
}

/** Reported when a writer takes the job, so the job row shows it running and on which worker. */
export function startedResult(job: JobIdentity, facts: Omit<AttemptFacts, 'finishedAt'>): JobResultPayload {
  const at = facts.startedAt.toISOString();
  return {
    ...job,
    outcome: 'started',
    attempt: facts.attempt,
    startedAt: at,
    finishedAt: at,
    worker: facts.worker,
  };
}

/** A sign of life while the writer holds the job (working on it, or waiting out a Zabbix outage). */
export function workingResult(job: JobIdentity, facts: AttemptFacts): JobResultPayload {
  return {
    ...job,
    outcome: 'working',
    attempt: facts.attempt,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    worker: facts.worker,
  };
}

/**
 * A failure is reported (and the message dead-lettered) when it is permanent or no attempt follows; a
 * retryable failure with attempts left is only retried, so the scheduler sees one result per outcome.
 */
export function shouldReportFailure(error: unknown, isFinalAttempt: boolean): boolean {
  return error instanceof PermanentError || isFinalAttempt;
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text;
}

export function succeededResult(
  job: JobIdentity,
  outcome: HostJobOutcome,
  facts: AttemptFacts,
): JobResultPayload {
  return {
    ...job,
    outcome: 'succeeded',
    operation: outcome.operation,
    ...(outcome.hostid !== undefined ? { hostid: outcome.hostid } : {}),
    ...(outcome.maintenanceid !== undefined ? { maintenanceid: outcome.maintenanceid } : {}),
    ...(outcome.differences !== undefined ? { differences: [...outcome.differences] } : {}),
    ...(outcome.checks !== undefined ? { checks: [...outcome.checks] } : {}),
    attempt: facts.attempt,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    worker: facts.worker,
  };
}

export function failedResult(job: JobIdentity, error: unknown, facts: AttemptFacts): JobResultPayload {
  return {
    ...job,
    outcome: 'failed',
    error: describeError(error),
    retryable: !(error instanceof PermanentError),
    attempt: facts.attempt,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    worker: facts.worker,
  };
}

/** WRITER_ID when configured, else `<hostname>-<pid>`. */
export function workerIdOf(configured: string | undefined, hostname: string, pid: number): string {
  return configured && configured.trim() !== '' ? configured.trim() : `${hostname}-${pid}`;
}
