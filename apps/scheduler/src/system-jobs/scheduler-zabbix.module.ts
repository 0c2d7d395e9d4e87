import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ZabbixClient } from '@lib/clients';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';

/** Zabbix calls the scheduler's system jobs have in flight at once. */
const MAX_CONCURRENT_CALLS = 2;

@Injectable()
class ZabbixClientCloser implements OnApplicationShutdown {
  constructor(private readonly client: ZabbixClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * The scheduler's Zabbix connection (ZABBIX_URL and credentials, as the writer's), for system jobs that read
 * Zabbix or clean it up: imports of host groups, templates and proxies, expired maintenances. Host writes
 * stay with the writers. No call is made until a job needs one.
 */
@Module({
  providers: [
    {
      provide: ZabbixClient,
      inject: [SCHEDULER_CONFIG],
      useFactory: (config: SchedulerSettingsConfig): ZabbixClient =>
        ZabbixClient.create({
          url: config.ZABBIX_URL,
          apiToken: config.ZABBIX_API_TOKEN,
          username: config.ZABBIX_USER,
          password: config.ZABBIX_PASSWORD,
          timeoutMs: config.ZABBIX_TIMEOUT_MS,
          maxConcurrentCalls: MAX_CONCURRENT_CALLS,
        }),
    },
    ZabbixClientCloser,
  ],
  exports: [ZabbixClient],
})
export class SchedulerZabbixModule {}
