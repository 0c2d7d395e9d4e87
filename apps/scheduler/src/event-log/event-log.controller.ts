import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { EventLogService } from './event-log.service';
import { EventLogPage } from './event-log.views';
import { ListEventLogQuery } from './list-event-log.query';

/** What the bridge did and why (rows written while the setting `eventLogEnabled` is on), newest first. */
@ManagementApi('event log')
@Controller('api/event-log')
export class EventLogController {
  constructor(private readonly eventLog: EventLogService) {}

  @Get()
  @ApiOkResponse({ type: EventLogPage })
  list(@Query(apiValidationPipe()) query: ListEventLogQuery): Promise<EventLogPage> {
    return this.eventLog.list(query);
  }
}
