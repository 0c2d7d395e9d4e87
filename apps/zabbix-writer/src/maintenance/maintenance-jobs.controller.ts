import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type MaintenanceJobPayload } from '@lib/contracts';
import { JetStreamContext, JetStreamExceptionFilter } from '@lib/messaging';
import { maintenanceJobIdentity } from '../jobs/domain/job-result';
import { JobExecutionService } from '../jobs/job-execution.service';
import { MaintenanceWriteService } from './maintenance-write.service';

/** Maintenance jobs, through the same result-reporting runner as host jobs (started, working, succeeded/failed). */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class MaintenanceJobsController {
  constructor(
    private readonly execution: JobExecutionService,
    private readonly maintenances: MaintenanceWriteService,
  ) {}

  @EventPattern(Subjects.maintenanceJob)
  onMaintenanceJob(@Payload() job: MaintenanceJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.execution.execute(maintenanceJobIdentity(job), context, (log) =>
      this.maintenances.write(job, log),
    );
  }
}
