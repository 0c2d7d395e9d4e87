import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventLogRepository, type EventLog } from '@lib/models';
import { withoutSecretKeys } from './domain/secret-keys';
import { type EventLogEntry, type EventLogPage } from './event-log.views';
import { type ListEventLogQuery } from './list-event-log.query';

function entry(row: EventLog): EventLogEntry {
  return {
    ...row,
    // Rows are written without secrets; this keeps it so whatever a writer of rows adds later.
    data: withoutSecretKeys(row.data),
    preData: withoutSecretKeys(row.preData),
    postData: withoutSecretKeys(row.postData),
  };
}

/** The event log for the management API: newest first, filtered, paged. */
@Injectable()
export class EventLogService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(query: ListEventLogQuery): Promise<EventLogPage> {
    const page = await new EventLogRepository(this.dataSource.manager).page({
      ...query,
      since: query.since === undefined ? undefined : new Date(query.since),
      until: query.until === undefined ? undefined : new Date(query.until),
    });
    return { items: page.items.map(entry), total: page.total, limit: query.limit, offset: query.offset };
  }
}
