import { type EntityManager, IsNull, LessThan } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Job } from '../entities/job.entity';

/** Host job rows of one request with one status, result operation and batch check key (or none). */
export interface CorrelationJobCount {
  readonly status: string;
  readonly operation: string | null;
  /** A batch check's host key (`checks:200`), null for a job of one host. */
  readonly batchKey: string | null;
  readonly jobs: number;
}

export interface FailedRecord {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly correlationId: string;
  readonly subject: string;
  readonly payload: Record<string, unknown>;
  readonly error: string;
  readonly failedAt: Date;
}

export interface JobCount {
  readonly kind: string;
  readonly status: string;
  readonly count: number;
}

export class JobRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Job rows by kind and status (what the table keeps: finished rows for JOB_RETENTION_DAYS), for metrics. */
  async countByKindAndStatus(): Promise<JobCount[]> {
    const rows = await this.manager.query<{ kind: string; status: string; count: string }[]>(
      `SELECT "kind", "status", count(*) AS "count" FROM "job" GROUP BY "kind", "status"`,
    );
    return rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) }));
  }

  async lockById(id: string): Promise<Job | null> {
    return this.manager
      .getRepository(Job)
      .createQueryBuilder('job')
      .setLock('pessimistic_write')
      .where('job.id = :id', { id })
      .getOne();
  }

  /** These jobs, locked until the transaction ends, in id order (overlapping batches cannot deadlock). */
  async lockByIds(ids: readonly string[]): Promise<Job[]> {
    if (ids.length === 0) return [];
    return this.manager
      .getRepository(Job)
      .createQueryBuilder('job')
      .setLock('pessimistic_write')
      .where('job.id = ANY(:ids)', { ids: [...new Set(ids)] })
      .orderBy('job.id', 'ASC')
      .getMany();
  }

  /**
   * Writes what results change on these (locked) host and maintenance jobs, in one statement: status,
   * attempts, worker, times, error and result.
   */
  async saveOutcomes(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
    await this.manager.query(
      `UPDATE "job" j SET "status" = v.status, "attempts" = v.attempts, "worker" = v.worker,
         "started_at" = v.started_at, "published_at" = v.published_at, "last_seen_at" = v.last_seen_at,
         "completed_at" = v.completed_at, "error" = v.error, "result" = v.result
       FROM unnest($1::uuid[], $2::varchar[], $3::integer[], $4::varchar[], $5::timestamptz[],
         $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::jsonb[])
         AS v(id, status, attempts, worker, started_at, published_at, last_seen_at, completed_at, error, result)
       WHERE j."id" = v.id`,
      [
        jobs.map((job) => job.id),
        jobs.map((job) => job.status),
        jobs.map((job) => job.attempts),
        jobs.map((job) => job.worker),
        jobs.map((job) => job.startedAt),
        jobs.map((job) => job.publishedAt),
        jobs.map((job) => job.lastSeenAt),
        jobs.map((job) => job.completedAt),
        jobs.map((job) => job.error),
        jobs.map((job) => json(job.result)),
      ],
    );
  }

  async save(job: Job): Promise<Job> {
    return this.manager.getRepository(Job).save(job);
  }

  /** Inserts new jobs in one statement (their ids are set: `save` would look each one up first). */
  async insertMany(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(Job)
      // TypeORM's insert type cannot see through the jsonb `Record<string, unknown>` columns.
      .values([...jobs] as QueryDeepPartialEntity<Job>[])
      .execute();
  }

  /** Records that JetStream confirmed these jobs' messages, at their stream sequences, in one statement. */
  async markManyPublished(published: readonly { id: string; sequence: number }[], at: Date): Promise<void> {
    if (published.length === 0) return;
    await this.manager.query(
      `UPDATE "job" SET "published_at" = $1, "stream_sequence" = p.seq, "last_seen_at" = COALESCE("last_seen_at", $1)
       FROM unnest($2::uuid[], $3::bigint[]) AS p(id, seq)
       WHERE "job"."id" = p.id AND "job"."published_at" IS NULL`,
      [at, published.map((entry) => entry.id), published.map((entry) => entry.sequence)],
    );
  }

  /**
   * Pending jobs stored before `createdBefore` whose message was never confirmed published: the outbox. A
   * job that already started or finished is never among them, whatever its publishedAt says.
   */
  async findUnpublished(createdBefore: Date, limit: number): Promise<Job[]> {
    return this.manager.getRepository(Job).find({
      where: { status: 'pending', publishedAt: IsNull(), createdAt: LessThan(createdBefore) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /**
   * The host jobs of one request (a sync's correlation id), counted by status, result operation and, for
   * batch checks (`checks:200`), host key: few rows however many jobs, for the caller to sum in hosts.
   */
  async countByCorrelation(correlationId: string): Promise<CorrelationJobCount[]> {
    const rows: { status: string; operation: string | null; batch_key: string | null; count: string }[] =
      await this.manager.query(
        `SELECT "status", "result"->>'operation' AS "operation",
                CASE WHEN "host_key" LIKE 'checks:%' THEN "host_key" END AS "batch_key", count(*) AS "count"
         FROM "job" WHERE "correlation_id" = $1 AND "host_key" IS NOT NULL GROUP BY 1, 2, 3`,
        [correlationId],
      );
    return rows.map((row) => ({
      status: row.status,
      operation: row.operation,
      batchKey: row.batch_key,
      jobs: Number(row.count),
    }));
  }

  /** Published jobs not finished whose last sign of life is older than `cutoff`, oldest first. */
  async findSilentSince(cutoff: Date, limit: number): Promise<Job[]> {
    return this.manager
      .getRepository(Job)
      .createQueryBuilder('job')
      .where(`job.status IN ('pending', 'running')`)
      .andWhere('job.publishedAt IS NOT NULL')
      .andWhere('job.lastSeenAt < :cutoff', { cutoff })
      .orderBy('job.lastSeenAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Records a sign of life of a job that has not finished. */
  async touch(id: string, at: Date): Promise<void> {
    await this.manager
      .getRepository(Job)
      .createQueryBuilder()
      .update(Job)
      .set({ lastSeenAt: at })
      .where(`id = :id AND status IN ('pending', 'running')`, { id })
      .execute();
  }

  /**
   * Records, as `dead_lettered`, a message that failed before it could run (a dead letter that names no
   * job); false when a row with this id exists already.
   */
  async insertFailedOnce(failed: FailedRecord): Promise<boolean> {
    const inserted: unknown = await this.manager.query(
      `INSERT INTO "job" ("id", "kind", "name", "status", "correlation_id", "subject", "payload", "error",
         "attempts", "published_at", "completed_at", "result")
       VALUES ($1, $2, $3, 'dead_lettered', $4, $5, $6, $7, 0, $8, $8, '{"outcome":"failed","retryable":false}')
       ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
      [
        failed.id,
        failed.kind,
        failed.name,
        failed.correlationId.slice(0, 128),
        failed.subject,
        JSON.stringify(failed.payload),
        failed.error,
        failed.failedAt,
      ],
    );
    return Array.isArray(inserted) && inserted.length > 0;
  }

  /** Deletes up to `batch` finished jobs that finished before `cutoff`; returns how many. */
  async deleteFinishedBefore(cutoff: Date, batch: number): Promise<number> {
    const result: unknown = await this.manager.query(
      `DELETE FROM "job" WHERE "id" IN (
         SELECT "id" FROM "job" WHERE "status" IN ('completed', 'failed', 'dead_lettered')
           AND "completed_at" < $1 LIMIT $2)`,
      [cutoff, batch],
    );
    return affectedRows(result);
  }
}

/** pg answers a DELETE through TypeORM's query() as `[rows, count]`. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
