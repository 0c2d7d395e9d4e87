import { Injectable } from '@nestjs/common';
import { ZabbixClient } from '@lib/clients';
import { NatsConnection } from '@lib/messaging';
import { type DependencyStates, ReadinessCheck } from '@lib/observability';
import { ZabbixAvailability } from '../jobs/zabbix-availability.service';
import { WriterMetrics } from '../metrics/writer.metrics';

/** A call within this long tells whether Zabbix answers; otherwise the probe asks it. */
const RECENT_CALL_MS = 30_000;
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Ready when NATS is connected and Zabbix answers: not while work is paused for a Zabbix outage, and
 * otherwise as the last call found it (or, with no call lately, as an apiinfo.version probe finds it).
 */
@Injectable()
export class WriterReadiness extends ReadinessCheck {
  constructor(
    private readonly nats: NatsConnection,
    private readonly zabbix: ZabbixClient,
    private readonly availability: ZabbixAvailability,
    private readonly metrics: WriterMetrics,
  ) {
    super();
  }

  async check(): Promise<DependencyStates> {
    return { nats: this.nats.connected, zabbix: await this.zabbixAnswers() };
  }

  private async zabbixAnswers(): Promise<boolean> {
    if (this.availability.paused) return false;
    const recent = this.metrics.zabbixReachedWithin(RECENT_CALL_MS);
    if (recent !== undefined) return recent;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)),
    );
    const probe = this.zabbix.ping().then(
      () => true,
      () => false,
    );
    const answered = await Promise.race([probe, timeout]);
    clearTimeout(timer);
    return answered;
  }
}
