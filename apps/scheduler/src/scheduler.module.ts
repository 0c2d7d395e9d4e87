import { type DynamicModule, Module } from '@nestjs/common';
import { type SchedulerConfig } from '@lib/config';
import { MessagingModule } from '@lib/messaging';
import { DatabaseModule } from './database/database.module';
import { HostSyncService } from './hosts/host-sync.service';
import { HealthController } from './http/health.controller';
import { JobsController } from './http/jobs.controller';
import { JobDispatcher } from './jobs/job-dispatcher.service';
import { JobResultService } from './jobs/job-result.service';
import { DeadJobService } from './jobs/dead-job.service';
import { DeferredDispatchService } from './jobs/deferred-dispatch.service';
import { OutboxService } from './jobs/outbox.service';
import { JobQueue } from './jobs/job-queue.service';
import { JobReaperService } from './jobs/job-reaper.service';
import { RetentionService } from './jobs/retention.service';
import { SCHEDULER_CONFIG } from './scheduler-config';
import { SchedulerEventsController } from './messaging/scheduler-events.controller';
import { NetboxStateService } from './netbox/netbox-state.service';
import { SettingsService } from './settings/settings.service';

@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: SCHEDULER_CONFIG, useValue: config }],
          exports: [SCHEDULER_CONFIG],
        },
        DatabaseModule,
        MessagingModule.forRoot({ servers: config.NATS_URL, connectionName: 'scheduler' }),
      ],
      controllers: [HealthController, JobsController, SchedulerEventsController],
      providers: [
        SettingsService,
        NetboxStateService,
        JobDispatcher,
        HostSyncService,
        JobResultService,
        OutboxService,
        DeferredDispatchService,
        DeadJobService,
        JobQueue,
        JobReaperService,
        RetentionService,
      ],
    };
  }
}

@Module({})
class ConfigHolderModule {}
