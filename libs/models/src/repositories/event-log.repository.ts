import { type EntityManager } from 'typeorm';
import { affectedRows } from './job.repository';

/** The event log, pruned by age. */
export class EventLogRepository {
  constructor(private readonly manager: EntityManager) {}

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
