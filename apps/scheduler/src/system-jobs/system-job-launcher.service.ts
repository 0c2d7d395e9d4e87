import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SystemJobRepository, type Job, type JobTrigger } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SystemJobFailure } from './system-job-failure.error';
import {
  SYSTEM_JOB_KINDS,
  SYSTEM_JOB_RUNNERS,
  type SystemJobKind,
  type SystemJobProgress,
  type SystemJobRunner,
} from './system-job-runner';

export interface SystemJobStart {
  readonly kind: SystemJobKind;
  readonly trigger: JobTrigger;
  readonly username: string | null;
  readonly parameters: Record<string, unknown>;
  readonly retryOfJobId: string | null;
  readonly correlationId?: string;
}

export function isSystemJobKind(kind: string): kind is SystemJobKind {
  return (SYSTEM_JOB_KINDS as readonly string[]).includes(kind);
}

/**
 * Creates system job rows (one of a kind in flight at a time, across every scheduler) and runs them in this
 * process: pending → running → completed or failed, with a heartbeat while it runs (a job whose scheduler
 * died goes silent and the reaper fails it) and the runner's summary or error on the row.
 */
@Injectable()
export class SystemJobLauncher implements OnApplicationShutdown {
  private readonly logger = new Logger(SystemJobLauncher.name);
  private readonly runners = new Map<SystemJobKind, SystemJobRunner>();
  private readonly running = new Set<Promise<void>>();
  private readonly worker = `scheduler ${hostname()}-${process.pid}`;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    @Inject(SYSTEM_JOB_RUNNERS) runners: readonly SystemJobRunner[],
  ) {
    for (const runner of runners) {
      if (this.runners.has(runner.kind)) throw new Error(`two system job runners for ${runner.kind}`);
      this.runners.set(runner.kind, runner);
    }
  }

  /** The kinds this scheduler can run. */
  kinds(): SystemJobKind[] {
    return SYSTEM_JOB_KINDS.filter((kind) => this.runners.has(kind));
  }

  /**
   * Inside the caller's transaction: stores a pending job of the kind, unless one is already pending or
   * running (then null). Jobs of one kind are created one transaction at a time (an advisory lock).
   */
  async create(manager: EntityManager, start: SystemJobStart, now = new Date()): Promise<Job | null> {
    const jobs = new SystemJobRepository(manager);
    await jobs.lockKind(start.kind);
    if (await jobs.findInFlight(start.kind)) return null;
    const id = randomUUID();
    return jobs.insert({
      id,
      kind: start.kind,
      correlationId: start.correlationId ?? `system-job:${id}`,
      username: start.username,
      trigger: start.trigger,
      parameters: start.parameters,
      retryOfJobId: start.retryOfJobId,
      createdAt: now,
    });
  }

  /** Runs a created job in the background; shutdown waits for it. */
  start(job: Job): void {
    const run: Promise<void> = this.execute(job).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Runs a pending job to its end; resolves once its outcome is stored. */
  async execute(job: Job): Promise<void> {
    const jobs = new SystemJobRepository(this.dataSource.manager);
    if (!(await jobs.markRunning(job.id, this.worker, new Date()))) return;
    const heartbeat = setInterval(() => {
      jobs.touch(job.id, new Date()).catch((error: unknown) => this.warn(job, 'heartbeat', error));
    }, this.config.SYSTEM_JOB_HEARTBEAT_MS);
    const progress: SystemJobProgress = {
      report: (done, total) => jobs.touch(job.id, new Date(), { done, total }),
    };
    const started = Date.now();
    try {
      const runner = isSystemJobKind(job.kind) ? this.runners.get(job.kind) : undefined;
      if (!runner) throw new Error(`this scheduler has no runner for ${job.kind}`);
      const summary = await runner.run(
        {
          jobId: job.id,
          correlationId: job.correlationId,
          startedBy: job.username,
          parameters: job.parameters ?? {},
        },
        progress,
      );
      await jobs.finish(job.id, { status: 'completed', result: summary, error: null }, new Date());
      this.logger.log(
        `${job.kind} ${job.id} completed in ${Date.now() - started} ms [corr=${job.correlationId}]`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const summary = error instanceof SystemJobFailure ? error.summary : null;
      await jobs
        .finish(job.id, { status: 'failed', result: summary, error: message }, new Date())
        .catch((stored: unknown) => this.warn(job, 'storing the failure', stored));
      this.logger.error(`${job.kind} ${job.id} failed: ${message} [corr=${job.correlationId}]`);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private warn(job: Job, what: string, error: unknown): void {
    this.logger.warn(
      `${job.kind} ${job.id}: ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
