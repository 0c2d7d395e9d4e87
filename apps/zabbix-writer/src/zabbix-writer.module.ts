import { hostname } from 'node:os';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ZabbixClient } from '@lib/clients';
import { type WriterConfig } from '@lib/config';
import { JetStreamConsumerHost, MessagingModule } from '@lib/messaging';
import { HostDeleteService } from './hosts/host-delete.service';
import { HostLookupService } from './hosts/host-lookup.service';
import { HostReferencesService } from './hosts/host-references.service';
import { HostUpsertService } from './hosts/host-upsert.service';
import { workerIdOf } from './jobs/domain/job-result';
import { HostJobsHandler } from './jobs/host-jobs.handler';
import { JobExecutionService } from './jobs/job-execution.service';
import { WORKER_ID } from './writer.tokens';

/** The zabbix-writer: job messages in, Zabbix JSON-RPC, result messages out. No HTTP. */
@Module({})
export class ZabbixWriterModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly consumers: JetStreamConsumerHost,
    private readonly zabbix: ZabbixClient,
  ) {}

  static forRoot(config: WriterConfig): DynamicModule {
    const workerId = workerIdOf(config.WRITER_ID, hostname(), process.pid);
    return {
      module: ZabbixWriterModule,
      imports: [
        MessagingModule.forRoot({ servers: config.NATS_URL, connectionName: `zabbix-writer-${workerId}` }),
      ],
      providers: [
        { provide: WORKER_ID, useValue: workerId },
        {
          provide: ZabbixClient,
          useFactory: () =>
            ZabbixClient.create({
              url: config.ZABBIX_URL,
              apiToken: config.ZABBIX_API_TOKEN,
              username: config.ZABBIX_USER,
              password: config.ZABBIX_PASSWORD,
              timeoutMs: config.ZABBIX_TIMEOUT_MS,
              maxConcurrentCalls: config.ZABBIX_MAX_CONCURRENT_CALLS,
            }),
        },
        HostLookupService,
        HostReferencesService,
        HostUpsertService,
        HostDeleteService,
        JobExecutionService,
        HostJobsHandler,
      ],
      exports: [ZabbixClient, HostJobsHandler],
    };
  }

  /** Stop taking jobs and finish the ones in hand while Zabbix is still reachable. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.zabbix.close();
  }
}
