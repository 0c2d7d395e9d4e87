import { Injectable } from '@nestjs/common';
import { Messages } from '@lib/contracts';
import { bindHandler, type HandlerBinding } from '@lib/messaging';
import { HostDeleteService } from '../hosts/host-delete.service';
import { HostUpsertService } from '../hosts/host-upsert.service';
import { deleteJobIdentity, upsertJobIdentity } from './domain/job-result';
import { JobExecutionService } from './job-execution.service';

/** The writer's message handlers: each one delegates to its service through the result-reporting runner. */
@Injectable()
export class HostJobsHandler {
  constructor(
    private readonly execution: JobExecutionService,
    private readonly upserts: HostUpsertService,
    private readonly deletes: HostDeleteService,
  ) {}

  bindings(): HandlerBinding[] {
    return [
      bindHandler(Messages.hostUpsertJob, (job, context) =>
        this.execution.execute(upsertJobIdentity(job), context, (log) => this.upserts.upsert(job, log)),
      ),
      bindHandler(Messages.hostDeleteJob, (job, context) =>
        this.execution.execute(deleteJobIdentity(job), context, (log) => this.deletes.delete(job, log)),
      ),
    ];
  }
}
