import { type EntityManager, In } from 'typeorm';
import { Job, type JobTrigger } from '../entities/job.entity';
import { SystemJobSchedule } from '../entities/system-job-schedule.entity';

/** First key of the advisory locks that serialise the start of system jobs, one lock per kind. */
const SYSTEM_JOB_LOCK = 4_242_018;

export interface NewSystemJob {
  readonly id: string;
  readonly kind: string;
  readonly correlationId: string;
  readonly username: string | null;
  readonly trigger: JobTrigger;
  readonly parameters: Record<string, unknown>;
  readonly retryOfJobId: string | null;
  readonly createdAt: Date;
}

export interface SystemJobOutcome {
  readonly status: 'completed' | 'failed';
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
}

/**
 * System job rows (jobs the scheduler runs itself: no message, no writer) and their schedules. A system job
 * row is created `pending` with `publishedAt` set, so the outbox never sends it; `lastSeenAt` is its
 * heartbeat, so the reaper fails one whose scheduler died.
 */
export class SystemJobRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Until the transaction ends, no other transaction starts a job of this kind. */
  async lockKind(kind: string): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SYSTEM_JOB_LOCK, kind]);
  }

  /** The job of this kind that is pending or running, if any. */
  async findInFlight(kind: string): Promise<Job | null> {
    return this.manager
      .getRepository(Job)
      .findOne({ where: { kind, status: In(['pending', 'running']) }, order: { createdAt: 'ASC' } });
  }

  async insert(job: NewSystemJob): Promise<Job> {
    const row = this.manager.getRepository(Job).create({
      id: job.id,
      kind: job.kind,
      name: job.kind,
      status: 'pending',
      hostConfigId: null,
      hostKey: null,
      revision: null,
      correlationId: job.correlationId,
      username: job.username,
      subject: '',
      payload: {},
      attempts: 0,
      createdAt: job.createdAt,
      publishedAt: job.createdAt,
      lastSeenAt: job.createdAt,
      trigger: job.trigger,
      parameters: job.parameters,
      retryOfJobId: job.retryOfJobId,
    });
    return this.manager.getRepository(Job).save(row);
  }

  /** pending → running; false when the job is no longer pending (reaped meanwhile). */
  async markRunning(id: string, worker: string, at: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(Job)
      .set({ status: 'running', startedAt: at, lastSeenAt: at, worker, attempts: () => '"attempts" + 1' })
      .where(`id = :id AND status = 'pending'`, { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** A sign of life of a running job, with its progress when given. */
  async touch(id: string, at: Date, progress?: { done: number; total: number }): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(Job)
      .set({
        lastSeenAt: at,
        ...(progress ? { progressDone: progress.done, progressTotal: progress.total } : {}),
      })
      .where(`id = :id AND status = 'running'`, { id })
      .execute();
  }

  /** running → completed or failed; false when the job had already been failed (by the reaper). */
  async finish(id: string, outcome: SystemJobOutcome, at: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(Job)
      .set({
        status: outcome.status,
        // TypeORM's update type cannot see through the jsonb `Record<string, unknown>` column.
        result: outcome.result as never,
        error: outcome.error,
        completedAt: at,
        lastSeenAt: at,
      })
      .where(`id = :id AND status = 'running'`, { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Creates the schedule of a kind unless it exists. */
  async ensureSchedule(kind: string, intervalMinutes: number, nextRunAt: Date): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(SystemJobSchedule)
      .values({ kind, intervalMinutes, nextRunAt })
      .orIgnore()
      .execute();
  }

  /** The schedules of these kinds, locked until the transaction ends. */
  async lockSchedules(kinds: readonly string[]): Promise<SystemJobSchedule[]> {
    if (kinds.length === 0) return [];
    return this.manager
      .getRepository(SystemJobSchedule)
      .createQueryBuilder('schedule')
      .setLock('pessimistic_write')
      .where('schedule.kind IN (:...kinds)', { kinds })
      .orderBy('schedule.kind')
      .getMany();
  }

  /**
   * The schedules of these kinds due at `now`, locked; schedules another transaction holds are skipped (that
   * scheduler is claiming them), and a schedule it just moved on is no longer due when re-read.
   */
  async claimDue(kinds: readonly string[], now: Date): Promise<SystemJobSchedule[]> {
    if (kinds.length === 0) return [];
    return this.manager
      .getRepository(SystemJobSchedule)
      .createQueryBuilder('schedule')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('schedule.kind IN (:...kinds) AND schedule.nextRunAt <= :now', { kinds, now })
      .orderBy('schedule.nextRunAt')
      .getMany();
  }

  async saveSchedule(schedule: SystemJobSchedule): Promise<void> {
    await this.manager.getRepository(SystemJobSchedule).save(schedule);
  }

  async listSchedules(): Promise<SystemJobSchedule[]> {
    return this.manager.getRepository(SystemJobSchedule).find({ order: { kind: 'ASC' } });
  }
}
