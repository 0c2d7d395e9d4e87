import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Consumers, Messages } from '@lib/contracts';
import { bindHandler, JetStreamConsumerHost } from '@lib/messaging';
import { HostSyncService } from './hosts/host-sync.service';
import { DeadJobService } from './jobs/dead-job.service';
import { JobResultService } from './jobs/job-result.service';

/** What the scheduler consumes: NetBox events, job results and job dead letters. Handlers are one-line delegations. */
@Injectable()
export class SchedulerConsumers implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: JetStreamConsumerHost,
    private readonly hosts: HostSyncService,
    private readonly results: JobResultService,
    private readonly deadJobs: DeadJobService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start(
      Consumers.schedulerNetboxEvents,
      [bindHandler(Messages.netboxEvent, (event, context) => this.hosts.onNetboxEvent(event, context))],
      { concurrency: 8 },
    );
    await this.consumers.start(
      Consumers.schedulerDeadJobs,
      [bindHandler(Messages.deadLetter, (letter, context) => this.deadJobs.onDeadLetter(letter, context))],
      { concurrency: 2 },
    );
    await this.consumers.start(
      Consumers.schedulerJobResults,
      [bindHandler(Messages.jobResult, (result, context) => this.results.onResult(result, context))],
      { concurrency: 8 },
    );
  }
}
