import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from '@lib/observability';

/**
 * What the NetBox change log polls found, counted by the scheduler that ran them (sum over replicas):
 * changes read, and changes no webhook had brought. The second growing means NetBox's webhooks are being
 * lost (a stopped ingester, a full Redis queue, a network outage): the poll mended them, an interval late.
 */
@Injectable()
export class ChangeLogMetrics {
  private readonly read: Counter;
  private readonly withoutWebhook: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.read = new Counter({
      name: `${METRIC_PREFIX}netbox_changes_read_total`,
      help: "Changes of followed object types read from NetBox's change log",
      registers,
    });
    this.withoutWebhook = new Counter({
      name: `${METRIC_PREFIX}netbox_changes_without_webhook_total`,
      help: "Changes NetBox's change log brought that no webhook had (webhooks lost; re-planned by the poll)",
      registers,
    });
  }

  countPoll(changesRead: number, changesWithoutWebhook: number): void {
    this.read.inc(changesRead);
    this.withoutWebhook.inc(changesWithoutWebhook);
  }
}
