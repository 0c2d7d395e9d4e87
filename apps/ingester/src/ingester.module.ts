import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IngesterConfig } from '@lib/config';
import { MessagingModule } from '@lib/messaging';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { RetryLaterFilter } from './webhooks/retry-later.filter';
import { WebhookIngestService } from './webhooks/webhook-ingest.service';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class IngesterModule {
  static forRoot(config: IngesterConfig): DynamicModule {
    return {
      module: IngesterModule,
      imports: [MessagingModule.forRoot({ servers: config.NATS_URL, connectionName: 'ingester' })],
      controllers: [WebhooksController, HealthController],
      providers: [
        { provide: IngesterConfig, useValue: config },
        { provide: APP_FILTER, useClass: RetryLaterFilter },
        WebhookIngestService,
        HealthService,
      ],
    };
  }
}
