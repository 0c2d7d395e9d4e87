import { type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventLog } from '../entities/event-log.entity';
import { affectedRows } from './job.repository';

/** The event log, pruned by age. */
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
