import { type IncomingHttpHeaders } from 'node:http';
import { type Readable } from 'node:stream';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  Logger,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { InvalidMessageError, Messages, type NetboxEventPayload } from '@lib/contracts';
import { ConfigError, IngesterConfig } from '@lib/config';
import {
  JetStreamClientProxy,
  JetStreamRecord,
  MessageTooLargeError,
  NatsConnection,
  type PublishReceipt,
} from '@lib/messaging';
import { bindCorrelationId } from '@lib/observability';
import { correlationIdFor, deriveEventMessageId } from './domain/event-identity';
import { InvalidWebhookError } from './domain/invalid-webhook.error';
import { jsonContentTypeProblem } from './domain/json-content-type';
import { normalizeNetboxWebhook } from './domain/normalize-netbox-webhook';
import { parseJsonBody } from './domain/parse-json-body';
import { NetworkList, sourceAddressOf, sourceNetworkProblem } from './domain/source-networks';
import { checkWebhookSignature, SIGNATURE_HEADER } from './domain/webhook-signature';
import { readRawBody } from './raw-body.reader';
import { RetryLaterException } from './retry-later.exception';
import { WebhookMetrics } from './webhook.metrics';

/** An HTTP request as far as the ingester reads it: headers and the body stream (Express's Request is one). */
export type WebhookRequest = Readable & {
  readonly headers: IncomingHttpHeaders;
  readonly socket?: { readonly remoteAddress?: string };
};

/** The 202 body: the event is stored in JetStream (now, or already before: `duplicate`). */
export interface WebhookAcceptedResponse {
  readonly accepted: true;
  readonly messageId: string;
  readonly duplicate: boolean;
  readonly subject: string;
}

/** NetBox does not retry on its own; whoever does (a proxy, an operator re-queueing the job) waits this long. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A NetBox webhook in, a stored JetStream message out. Checks in a fixed order, each failing with its own
 * status: source network (403, with WEBHOOK_ALLOWED_NETWORKS) → media type (415) → size (413) → signature (401) → JSON and NetBox shape (400) → publish (503 when
 * JetStream did not confirm storing it). Answers 202 only after JetStream stored the event.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);
  private readonly allowedNetworks: NetworkList;
  private readonly trustedProxies: NetworkList;

  constructor(
    private readonly config: IngesterConfig,
    private readonly client: JetStreamClientProxy,
    private readonly nats: NatsConnection,
    private readonly metrics: WebhookMetrics,
  ) {
    this.allowedNetworks = networksOf('WEBHOOK_ALLOWED_NETWORKS', config.WEBHOOK_ALLOWED_NETWORKS);
    this.trustedProxies = networksOf('WEBHOOK_TRUSTED_PROXIES', config.WEBHOOK_TRUSTED_PROXIES);
  }

  async ingest(request: WebhookRequest): Promise<WebhookAcceptedResponse> {
    const startedAt = this.metrics.receive();
    try {
      const accepted = await this.accept(request);
      this.metrics.accepted(startedAt);
      return accepted;
    } catch (error) {
      this.metrics.refused(startedAt, error);
      throw error;
    }
  }

  private async accept(request: WebhookRequest): Promise<WebhookAcceptedResponse> {
    const source = sourceAddressOf(
      request.socket?.remoteAddress,
      singleHeader(request.headers['x-forwarded-for']),
      this.trustedProxies,
    );
    const sourceProblem = sourceNetworkProblem(source, this.allowedNetworks);
    if (sourceProblem !== undefined) {
      request.resume();
      this.logger.warn(`webhook refused: ${sourceProblem}`);
      throw new ForbiddenException(sourceProblem);
    }
    const mediaTypeProblem = jsonContentTypeProblem(
      singleHeader(request.headers['content-type']),
      singleHeader(request.headers['content-encoding']),
    );
    if (mediaTypeProblem !== undefined) {
      request.resume();
      throw new UnsupportedMediaTypeException(mediaTypeProblem);
    }
    const rawBody = await readRawBody(
      request,
      singleHeader(request.headers['content-length']),
      this.config.WEBHOOK_MAX_BODY_BYTES,
    );
    this.verifySignature(rawBody, request.headers[SIGNATURE_HEADER]);
    return this.publish(this.decode(rawBody));
  }

  private verifySignature(rawBody: Buffer, header: string | string[] | undefined): void {
    const secret = this.config.WEBHOOK_SECRET;
    if (secret === undefined) return;
    switch (checkWebhookSignature(secret, rawBody, header)) {
      case 'valid':
        return;
      case 'missing':
        throw new UnauthorizedException('X-Hook-Signature is required');
      case 'invalid':
        throw new UnauthorizedException('X-Hook-Signature does not match the body');
    }
  }

  private decode(rawBody: Buffer): NetboxEventPayload {
    try {
      return normalizeNetboxWebhook(parseJsonBody(rawBody));
    } catch (error) {
      if (error instanceof InvalidWebhookError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private async publish(event: NetboxEventPayload): Promise<WebhookAcceptedResponse> {
    const messageId = deriveEventMessageId(event);
    const correlationId = correlationIdFor(event, messageId);
    // Every line that follows on this request's path carries it, the request's own line included.
    bindCorrelationId(correlationId);
    const subject = Messages.netboxEvent.subjectFor(event);
    const label = `${event.objectType}#${event.objectId} ${event.action}`;
    if (!this.nats.connected) {
      this.logger.warn(`${label}: not stored, NATS is not connected`);
      throw new RetryLaterException('NATS is not connected: the event was not stored', RETRY_AFTER_SECONDS);
    }
    try {
      const receipt = await lastValueFrom(
        this.client.emit<PublishReceipt>(
          subject,
          new JetStreamRecord(event, {
            messageId,
            correlationId,
            occurredAt: new Date(event.timestamp),
            timeoutMs: this.config.PUBLISH_TIMEOUT_MS,
          }),
        ),
      );
      this.metrics.stored(event.objectType, event.action, receipt.duplicate);
      // At debug: the request line (pino-http, with this correlation id and the status) is the webhook's one
      // line at info. A second synchronous line per webhook cost a few per cent of the ingester's CPU.
      this.logger.debug(
        `${label}: accepted as ${receipt.stream}#${receipt.sequence}${receipt.duplicate ? ' (duplicate)' : ''}`,
      );
      return { accepted: true, messageId, duplicate: receipt.duplicate, subject };
    } catch (error) {
      if (error instanceof InvalidMessageError) throw new BadRequestException(error.message);
      if (error instanceof MessageTooLargeError) throw new PayloadTooLargeException(error.message);
      this.logger.warn(`${label}: not stored: ${describe(error)}`);
      throw new RetryLaterException(
        `JetStream did not confirm storing the event (${errorName(error)})`,
        RETRY_AFTER_SECONDS,
      );
    }
  }
}

/** A network list from the configuration, checked at boot: an invalid entry stops the process, naming it. */
function networksOf(variable: string, text: string | undefined): NetworkList {
  try {
    return NetworkList.parse(text ?? '');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: ${variable} (${error instanceof Error ? error.message : 'invalid'})`,
    );
  }
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
