import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { describeFailure, type ServiceEndpoint } from '@lib/messaging';
import { METRIC_PREFIX, MetricsRegistry } from '@lib/observability';
import { RetryLaterException } from './retry-later.exception';

/** The ingester's one NATS service endpoint: NetBox's webhooks, counted as its requests. */
export const WEBHOOK_ENDPOINT = Symbol('WEBHOOK_ENDPOINT');

/** Why a webhook was refused, as the `reason` label says it. */
export type RejectionReason =
  'source' | 'unsupported_media_type' | 'too_large' | 'signature' | 'invalid' | 'not_stored' | 'error';

/**
 * What the ingester counts: webhooks received, events stored (by NetBox object type and action; duplicates
 * apart), webhooks refused by reason, and how long each took; also the figures of its NATS service endpoint.
 */
@Injectable()
export class WebhookMetrics {
  private readonly received: Counter;
  private readonly published: Counter<'object_type' | 'action' | 'duplicate'>;
  private readonly rejected: Counter<'reason'>;
  private readonly duration: Histogram<'outcome'>;

  constructor(
    metrics: MetricsRegistry,
    @Inject(WEBHOOK_ENDPOINT) private readonly endpoint: ServiceEndpoint,
  ) {
    const registers = [metrics.registry];
    this.received = new Counter({
      name: `${METRIC_PREFIX}webhook_events_received_total`,
      help: 'NetBox webhooks received',
      registers,
    });
    this.published = new Counter({
      name: `${METRIC_PREFIX}webhook_events_published_total`,
      help: 'NetBox events stored in JetStream (duplicate: JetStream already had it)',
      labelNames: ['object_type', 'action', 'duplicate'],
      registers,
    });
    this.rejected = new Counter({
      name: `${METRIC_PREFIX}webhook_events_rejected_total`,
      help: 'NetBox webhooks refused, by reason (not_stored: JetStream did not confirm, answered 503)',
      labelNames: ['reason'],
      registers,
    });
    this.duration = new Histogram({
      name: `${METRIC_PREFIX}webhook_duration_seconds`,
      help: 'Time from receipt to answer of a NetBox webhook',
      labelNames: ['outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** Counts one webhook as it arrives; returns its start time for `accepted` or `refused`. */
  receive(): bigint {
    this.received.inc();
    return process.hrtime.bigint();
  }

  stored(objectType: string, action: string, duplicate: boolean): void {
    this.published.inc({ object_type: objectType, action, duplicate: String(duplicate) });
  }

  accepted(startedAt: bigint): void {
    const nanos = Number(process.hrtime.bigint() - startedAt);
    this.duration.observe({ outcome: 'accepted' }, nanos / 1e9);
    this.endpoint.record(nanos);
  }

  refused(startedAt: bigint, error: unknown): void {
    const nanos = Number(process.hrtime.bigint() - startedAt);
    const reason = rejectionReason(error);
    this.rejected.inc({ reason });
    this.duration.observe({ outcome: 'rejected' }, nanos / 1e9);
    this.endpoint.record(nanos, `${reason}: ${describeFailure(error)}`);
  }
}

export function rejectionReason(error: unknown): RejectionReason {
  if (error instanceof RetryLaterException) return 'not_stored';
  if (error instanceof UnsupportedMediaTypeException) return 'unsupported_media_type';
  if (error instanceof PayloadTooLargeException) return 'too_large';
  if (error instanceof UnauthorizedException) return 'signature';
  if (error instanceof ForbiddenException) return 'source';
  if (error instanceof BadRequestException) return 'invalid';
  if (error instanceof HttpException && error.getStatus() === 413) return 'too_large';
  return 'error';
}
