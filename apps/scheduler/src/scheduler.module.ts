import { type DynamicModule, Module } from '@nestjs/common';
import { natsAuthOf, type LogLevel, type SchedulerConfig } from '@lib/config';
import { connectionName, MessagingModule } from '@lib/messaging';
import { HealthController, MetricsController, ObservabilityModule, ReadinessCheck } from '@lib/observability';
import { MANAGEMENT_API_CONTROLLERS, MANAGEMENT_API_PROVIDERS } from './api/management-api';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { SchedulerReadiness } from './health/scheduler-readiness';
import { HostSyncService } from './hosts/host-sync.service';
import { NetboxEventIntake } from './hosts/netbox-event-intake.service';
import { SchedulerMetrics } from './metrics/scheduler.metrics';
import { ChangeLogMetrics } from './metrics/change-log.metrics';
import { NetboxChangeLogPollRunner } from './change-log/netbox-change-log-poll.runner';
import { NetboxChangeLogPoller } from './change-log/netbox-change-log-poller.service';
import { JobsController } from './http/jobs.controller';
import { MaintenancesController } from './http/maintenances.controller';
import { MaintenanceResultService } from './maintenance/maintenance-result.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { HostCheckPlanner } from './jobs/host-check-planner.service';
import { HostRelease } from './jobs/host-release.service';
import { JobAbandonment } from './jobs/job-abandonment.service';
import { JobPublication } from './jobs/job-publication.service';
import { NextJobPlanner } from './jobs/next-job-planner.service';
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
import { HostJobRetry } from './system-jobs/host-job-retry.service';
import { JobCatalog } from './system-jobs/job-catalog.service';
import { JobRetryService } from './system-jobs/job-retry.service';
import { ImportZabbixSettingsRunner } from './system-jobs/runners/import-zabbix-settings.runner';
import { MaintenanceCleanupRunner } from './system-jobs/runners/maintenance-cleanup.runner';
import { SchedulerZabbixModule } from './system-jobs/scheduler-zabbix.module';
import { SystemJobLauncher } from './system-jobs/system-job-launcher.service';
import { SYSTEM_JOB_RUNNERS, type SystemJobRunner } from './system-jobs/system-job-runner';
import { SystemJobScheduler } from './system-jobs/system-job-scheduler.service';
import { SystemJobService } from './system-jobs/system-job.service';
import { SystemJobsController } from './http/system-jobs.controller';
import { SyncHostsNowRunner } from './sync/sync-hosts-now.runner';
import { HostConfigSyncRefreshRunner } from './sync/host-config-sync-refresh.runner';
import { RulesChangeWatcher } from './sync/rules-change-watcher.service';

/** Every system job runner (one class per kind, implementing SystemJobRunner): add new ones here. */
const SYSTEM_JOB_RUNNER_CLASSES = [
  ImportZabbixSettingsRunner,
  MaintenanceCleanupRunner,
  SyncHostsNowRunner,
  HostConfigSyncRefreshRunner,
  NetboxChangeLogPollRunner,
];

@Module({})
export class SchedulerModule {
  /** `logLevel`: LOG_LEVEL unless a test asks for less (see effectiveLogLevel). */
  static forRoot(config: SchedulerConfig, logLevel: LogLevel | 'silent' = config.LOG_LEVEL): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        ObservabilityModule.forRoot({ app: 'scheduler', logLevel, logFormat: config.LOG_FORMAT }),
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: SCHEDULER_CONFIG, useValue: config }],
          exports: [SCHEDULER_CONFIG],
        },
        DatabaseModule,
        MessagingModule.forRoot({
          servers: config.NATS_URL,
          connectionName: connectionName('scheduler', 'publisher'),
          auth: natsAuthOf(config),
          replicas: config.NATS_REPLICAS,
        }),
        SchedulerZabbixModule,
        ConsoleModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        JobsController,
        SystemJobsController,
        MaintenancesController,
        SchedulerEventsController,
        ...MANAGEMENT_API_CONTROLLERS,
      ],
      providers: [
        { provide: ReadinessCheck, useClass: SchedulerReadiness },
        SchedulerMetrics,
        ChangeLogMetrics,
        SettingsService,
        NetboxStateService,
        NextJobPlanner,
        HostCheckPlanner,
        HostRelease,
        JobAbandonment,
        JobPublication,
        HostSyncService,
        NetboxEventIntake,
        JobResultService,
        OutboxService,
        DeferredDispatchService,
        DeadJobService,
        JobQueue,
        JobReaperService,
        RetentionService,
        ...SYSTEM_JOB_RUNNER_CLASSES,
        {
          provide: SYSTEM_JOB_RUNNERS,
          inject: SYSTEM_JOB_RUNNER_CLASSES,
          useFactory: (...runners: SystemJobRunner[]): SystemJobRunner[] => runners,
        },
        SystemJobLauncher,
        RulesChangeWatcher,
        SystemJobScheduler,
        NetboxChangeLogPoller,
        SystemJobService,
        JobCatalog,
        JobRetryService,
        HostJobRetry,
        MaintenanceService,
        MaintenanceResultService,
        ...MANAGEMENT_API_PROVIDERS,
      ],
    };
  }
}

@Module({})
class ConfigHolderModule {}
