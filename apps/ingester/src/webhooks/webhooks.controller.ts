import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { type Request } from 'express';
import { type WebhookAcceptedResponse, WebhookIngestService } from './webhook-ingest.service';

@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly ingest: WebhookIngestService) {}

  /** NetBox's webhook endpoint: 202 once the event is stored in JetStream. */
  @Post('netbox')
  @HttpCode(HttpStatus.ACCEPTED)
  receiveNetboxEvent(@Req() request: Request): Promise<WebhookAcceptedResponse> {
    return this.ingest.ingest(request);
  }
}
