import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  type DeadLetterPayload,
  type JobResultPayload,
  type NetboxEventPayload,
} from '@lib/contracts';
import { JetStreamContext, JetStreamExceptionFilter } from '@lib/messaging';
import { NetboxEventIntake } from '../hosts/netbox-event-intake.service';
import { DeadJobService } from '../jobs/dead-job.service';
import { JobResultService } from '../jobs/job-result.service';

/**
 * What the scheduler consumes (see schedulerConsumers() for the durable consumers and their concurrency):
 * NetBox events, job results and dead letters. Each handler is a one-line delegation.
 */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class SchedulerEventsController {
  constructor(
    private readonly events: NetboxEventIntake,
    private readonly results: JobResultService,
    private readonly deadJobs: DeadJobService,
  ) {}

  @EventPattern(Subjects.netboxEventsAll)
  onNetboxEvent(@Payload() event: NetboxEventPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.events.onNetboxEvent(event, context);
  }

  @EventPattern(Subjects.zabbixResultsAll)
  onJobResult(@Payload() result: JobResultPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.results.onResult(result, context);
  }

  @EventPattern(Subjects.deadLettersAll)
  onDeadLetter(@Payload() letter: DeadLetterPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.deadJobs.onDeadLetter(letter, context);
  }
}
