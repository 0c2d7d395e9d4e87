import { type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventLog, type EventLogLevel } from '../entities/event-log.entity';
import { affectedRows } from './job.repository';

/** Filters of the event log list; each one given narrows it. */
export interface EventLogFilter {
  readonly level?: EventLogLevel;
  /** Part of the name (the job's or the event's), any case. */
  readonly name?: string;
  readonly hostKey?: string;
  readonly jobId?: string;
  readonly correlationId?: string;
  /** Written at or after / before. */
  readonly since?: Date;
  readonly until?: Date;
  readonly limit: number;
  readonly offset: number;
}

/** The event log, read newest first for operators and pruned by age. */
export class EventLogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Writes these rows in one statement. */
  async insertMany(rows: readonly Partial<EventLog>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(EventLog)
      // TypeORM's insert type cannot see through the jsonb `Record<string, unknown>` columns.
      .values([...rows] as QueryDeepPartialEntity<EventLog>[])
      .execute();
  }

  /** A page, newest first, and how many rows match. */
  async page(filter: EventLogFilter): Promise<{ items: EventLog[]; total: number }> {
    const query = this.manager.getRepository(EventLog).createQueryBuilder('event');
    if (filter.level !== undefined) query.andWhere('event.level = :level', { level: filter.level });
    if (filter.name !== undefined) {
      const pattern = `%${filter.name.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query.andWhere('event.name ILIKE :pattern', { pattern });
    }
    if (filter.hostKey !== undefined) query.andWhere('event.hostKey = :hostKey', { hostKey: filter.hostKey });
    if (filter.jobId !== undefined) query.andWhere('event.jobId = :jobId', { jobId: filter.jobId });
    if (filter.correlationId !== undefined)
      query.andWhere('event.correlationId = :correlationId', { correlationId: filter.correlationId });
    if (filter.since !== undefined) query.andWhere('event.createdAt >= :since', { since: filter.since });
    if (filter.until !== undefined) query.andWhere('event.createdAt < :until', { until: filter.until });
    const [items, total] = await query
      .orderBy('event.createdAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }

  /** Deletes up to `batch` rows written before `cutoff`; returns how many. */
  async deleteOlderThan(cutoff: Date, batch: number): Promise<number> {
    const result: unknown = await this.manager.query(
      `DELETE FROM "event_log" WHERE "id" IN (
         SELECT "id" FROM "event_log" WHERE "created_at" < $1 LIMIT $2)`,
      [cutoff, batch],
    );
    return affectedRows(result);
  }
}
