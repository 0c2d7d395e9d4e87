import { hostname } from 'node:os';
import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ZabbixClient } from '@lib/clients';
import { loadSecretBox, natsAuthOf, SecretBox, type LogLevel, type WriterConfig } from '@lib/config';
import { connectionName, MessagingModule } from '@lib/messaging';
import { HealthController, MetricsController, ObservabilityModule, ReadinessCheck } from '@lib/observability';
import { WriterReadiness } from './health/writer-readiness';
import { WriterMetrics } from './metrics/writer.metrics';
import { HostCheckService } from './hosts/host-check.service';
import { HostDeleteService } from './hosts/host-delete.service';
import { HostLookupService } from './hosts/host-lookup.service';
import { HostReferencesService } from './hosts/host-references.service';
import { HostUpsertService } from './hosts/host-upsert.service';
import { workerIdOf } from './jobs/domain/job-result';
import { HostChecksController } from './jobs/host-checks.controller';
import { HostJobBatcher } from './jobs/host-job-batcher';
import { HostJobsController } from './jobs/host-jobs.controller';
import { JobExecutionService } from './jobs/job-execution.service';
import { JobSecrets } from './jobs/job-secrets.service';
import { MaintenanceJobsController } from './maintenance/maintenance-jobs.controller';
import { MaintenanceWriteService } from './maintenance/maintenance-write.service';
import {
  REFERENCE_CACHE_MS,
  WORKER_ID,
  WRITER_BATCHING,
  WRITER_TIMINGS,
  type WriterBatching,
  type WriterTimings,
} from './writer.tokens';
import { ZabbixAvailability } from './jobs/zabbix-availability.service';

/**
 * The zabbix-writer: job messages in (HostJobsController, MaintenanceJobsController, on the JetStream
 * transport), Zabbix JSON-RPC, result messages out. Its only HTTP is /healthz, /readyz and /metrics.
 */
@Module({})
export class ZabbixWriterModule implements OnApplicationShutdown {
  constructor(private readonly zabbix: ZabbixClient) {}

  /** `logLevel`: LOG_LEVEL unless a test asks for less (see effectiveLogLevel). */
  static forRoot(config: WriterConfig, logLevel: LogLevel | 'silent' = config.LOG_LEVEL): DynamicModule {
    const workerId = workerIdOf(config.WRITER_ID, hostname(), process.pid);
    return {
      module: ZabbixWriterModule,
      imports: [
        ObservabilityModule.forRoot({ app: 'zabbix-writer', logLevel, logFormat: config.LOG_FORMAT }),
        MessagingModule.forRoot({
          servers: config.NATS_URL,
          connectionName: connectionName('zabbix-writer', 'publisher'),
          auth: natsAuthOf(config),
          replicas: config.NATS_REPLICAS,
        }),
      ],
      controllers: [
        HostJobsController,
        HostChecksController,
        MaintenanceJobsController,
        HealthController,
        MetricsController,
      ],
      providers: [
        WriterMetrics,
        { provide: ReadinessCheck, useClass: WriterReadiness },
        { provide: WORKER_ID, useValue: workerId },
        {
          provide: WRITER_TIMINGS,
          useValue: {
            heartbeatMs: config.JOB_HEARTBEAT_MS,
            outageProbeMaxMs: config.ZABBIX_OUTAGE_PROBE_MAX_MS,
          } satisfies WriterTimings,
        },
        {
          provide: WRITER_BATCHING,
          useValue: {
            size: config.WRITER_BATCH_SIZE,
            lingerMs: config.WRITER_BATCH_LINGER_MS,
            inFlight: config.WRITER_BATCHES_IN_FLIGHT,
          } satisfies WriterBatching,
        },
        { provide: REFERENCE_CACHE_MS, useValue: config.WRITER_REFERENCE_CACHE_MS },
        ZabbixAvailability,
        // Required, and checked at boot: the key that opens the secrets jobs carry sealed.
        { provide: SecretBox, useValue: loadSecretBox(config) },
        JobSecrets,
        {
          provide: ZabbixClient,
          inject: [WriterMetrics],
          useFactory: (metrics: WriterMetrics) =>
            ZabbixClient.create({
              url: config.ZABBIX_URL,
              apiToken: config.ZABBIX_API_TOKEN,
              username: config.ZABBIX_USER,
              password: config.ZABBIX_PASSWORD,
              timeoutMs: config.ZABBIX_TIMEOUT_MS,
              maxConcurrentCalls: config.ZABBIX_MAX_CONCURRENT_CALLS,
              observer: metrics,
            }),
        },
        HostLookupService,
        HostReferencesService,
        HostUpsertService,
        HostJobBatcher,
        HostDeleteService,
        HostCheckService,
        JobExecutionService,
        MaintenanceWriteService,
      ],
      exports: [ZabbixClient],
    };
  }

  /** After the JetStreamServer has finished the jobs in hand (Nest closes it first). */
  async onApplicationShutdown(): Promise<void> {
    await this.zabbix.close();
  }
}
