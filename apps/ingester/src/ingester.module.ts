import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BRIDGE_VERSION, Subjects } from '@lib/contracts';
import { IngesterConfig, natsAuthOf, type LogLevel } from '@lib/config';
import { connectionName, MessagingModule, ServiceEndpoint } from '@lib/messaging';
import { HealthController, MetricsController, ObservabilityModule, ReadinessCheck } from '@lib/observability';
import { IngesterReadiness } from './health/ingester-readiness';
import { RetryLaterFilter } from './webhooks/retry-later.filter';
import { WebhookIngestService } from './webhooks/webhook-ingest.service';
import { WEBHOOK_ENDPOINT, WebhookMetrics } from './webhooks/webhook.metrics';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class IngesterModule {
  /** `logLevel`: LOG_LEVEL unless a test asks for less (see effectiveLogLevel). */
  static forRoot(config: IngesterConfig, logLevel: LogLevel | 'silent' = config.LOG_LEVEL): DynamicModule {
    // NetBox's webhooks are the ingester's work: its NATS service reports them as one endpoint.
    const webhookEndpoint = new ServiceEndpoint({
      name: 'netbox-webhook',
      subject: Subjects.netboxEventsAll,
      queueGroup: 'ingester',
      metadata: { transport: 'http', path: '/webhooks/netbox', publishes: Subjects.netboxEventsAll },
    });
    return {
      module: IngesterModule,
      imports: [
        ObservabilityModule.forRoot({ app: 'ingester', logLevel, logFormat: config.LOG_FORMAT }),
        MessagingModule.forRoot({
          servers: config.NATS_URL,
          connectionName: connectionName('ingester'),
          auth: natsAuthOf(config),
          replicas: config.NATS_REPLICAS,
          service: {
            name: 'ingester',
            version: BRIDGE_VERSION,
            description: 'NetBox webhooks in, NetBox events stored in JetStream',
            endpoints: [webhookEndpoint],
          },
        }),
      ],
      controllers: [WebhooksController, HealthController, MetricsController],
      providers: [
        { provide: IngesterConfig, useValue: config },
        { provide: APP_FILTER, useClass: RetryLaterFilter },
        { provide: ReadinessCheck, useClass: IngesterReadiness },
        { provide: WEBHOOK_ENDPOINT, useValue: webhookEndpoint },
        WebhookMetrics,
        WebhookIngestService,
      ],
    };
  }
}
