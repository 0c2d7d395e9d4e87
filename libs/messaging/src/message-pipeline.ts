import { type LoggerService } from '@nestjs/common';
import { type MessageHandler } from '@nestjs/microservices';
import { type JsMsg } from '@nats-io/jetstream';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  InvalidMessageError,
  Messages,
  messageForSubject,
  type ConsumerSpec,
  type EnvelopeOf,
} from '@lib/contracts';
import { bindCorrelationId, runWithCorrelationId } from '@lib/observability';
import { JetStreamContext } from './jetstream.context';
import { type JetStreamPublisher } from './jetstream-publisher';
import { bodyAsText, decodeEnvelope } from './message-codec';
import { decideOutcome, retryDelayMs, type RetryPolicy } from './message-outcome';
import { describeFailure, type ServiceEndpoint } from './service-endpoint';

/**
 * The fixed consumer pipeline for one message: find the handler → decode the envelope → validate the
 * payload (whitelist) → call the handler → ack, nak with a growing delay, or record the message in the
 * dead-letter stream and term it, as `decideOutcome` says. Never throws.
 */
export class MessagePipeline {
  private warnedAboutLostErrors = false;

  constructor(
    private readonly spec: ConsumerSpec,
    private readonly policy: RetryPolicy,
    private readonly handlerFor: (subject: string) => MessageHandler | undefined,
    private readonly publisher: JetStreamPublisher,
    private readonly logger: LoggerService,
    /** Counts each message as a request of this endpoint (the app's NATS service reports it). */
    private readonly endpoint?: ServiceEndpoint,
  ) {}

  /**
   * Every line logged while the message is handled (by the handler and here) carries the envelope's
   * correlation id.
   */
  process(message: JsMsg): Promise<void> {
    return runWithCorrelationId(undefined, () => this.processInScope(message));
  }

  private async processInScope(message: JsMsg): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const deliveryCount = message.info.deliveryCount;
    let envelope: EnvelopeOf<object> | undefined;
    let failure: unknown = undefined;
    try {
      const handler = this.handlerFor(message.subject);
      if (!handler) throw new InvalidMessageError(`no handler for subject ${message.subject}`);
      const definition = messageForSubject(message.subject);
      if (!definition) throw new InvalidMessageError(`no message is defined for subject ${message.subject}`);
      envelope = decodeEnvelope(definition, message.data);
      bindCorrelationId(envelope.correlationId);
      await this.call(
        handler,
        envelope.payload,
        new JetStreamContext(message, envelope, this.policy.maxAttempts),
      );
    } catch (error) {
      failure = error;
    }
    this.endpoint?.record(
      Number(process.hrtime.bigint() - startedAt),
      failure === undefined ? undefined : describeFailure(failure),
    );

    const label = `${message.subject} #${message.info.streamSequence} [corr=${envelope?.correlationId ?? '-'}]`;
    if (isMaskedByNest(failure)) this.warnAboutLostError(label);
    const outcome = decideOutcome(failure, deliveryCount, this.policy);
    try {
      switch (outcome.kind) {
        case 'ack':
          message.ack();
          return;
        case 'nak':
          this.logger.warn(
            `${label}: attempt ${deliveryCount} failed, retry in ${outcome.delayMs} ms: ${describeFailure(failure)}`,
          );
          message.nak(outcome.delayMs);
          return;
        case 'term':
          await this.deadLetter(message, envelope, outcome.errorType, outcome.reason, label);
          return;
      }
    } catch (error) {
      // The connection is gone (shutdown past its bound): JetStream redelivers after ack_wait.
      this.logger.error(`${label}: could not settle the message (${describeFailure(error)})`);
    }
  }

  /** Nest's handler wrapper resolves to an Observable that fails with whatever its exception filters made. */
  private async call(handler: MessageHandler, payload: object, context: JetStreamContext): Promise<void> {
    const returned: unknown = await handler(payload, context);
    if (isObservable(returned)) await lastValueFrom(returned, { defaultValue: undefined });
  }

  private async deadLetter(
    message: JsMsg,
    envelope: EnvelopeOf<object> | undefined,
    errorType: string,
    reason: string,
    label: string,
  ): Promise<void> {
    const stream = this.spec.stream.name;
    const durable = this.spec.durable;
    if (Messages.deadLetter.matches(message.subject)) {
      // A dead letter that cannot be handled is not dead-lettered again (dlq.dlq.…): it stays in its stream.
      this.logger.error(`${label}: given up (${errorType}): ${reason}`);
      message.term();
      return;
    }
    try {
      await this.publisher.publish(
        Messages.deadLetter,
        {
          originalSubject: message.subject,
          stream,
          consumer: durable,
          streamSequence: message.info.streamSequence,
          deliveryCount: message.info.deliveryCount,
          errorType,
          reason,
          originalBody: bodyAsText(message.data),
          originalMessageId: envelope?.messageId,
          failedAt: new Date().toISOString(),
        },
        {
          messageId: `dlq:${stream}:${message.info.streamSequence}`,
          correlationId: envelope?.correlationId ?? `dlq:${stream}:${message.info.streamSequence}`,
        },
      );
    } catch (error) {
      // Never drop a message we could not record: try again later.
      this.logger.error(`${label}: could not dead-letter (${describeFailure(error)}); will retry`);
      message.nak(retryDelayMs(message.info.deliveryCount, this.policy));
      return;
    }
    this.logger.error(`${label}: dead-lettered (${errorType}): ${reason}`);
    message.term();
  }

  private warnAboutLostError(label: string): void {
    if (this.warnedAboutLostErrors) return;
    this.warnedAboutLostErrors = true;
    this.logger.error(
      `${label}: the handler failed, but Nest's RPC exception handling replaced its error, so its type is ` +
        'lost and it is retried as an unclassified error. Bind @UseFilters(JetStreamExceptionFilter) to ' +
        'the controller.',
    );
  }
}

/** `{ status: 'error', message: … }`: what Nest's BaseRpcExceptionFilter makes of an error it does not know. */
function isMaskedByNest(failure: unknown): boolean {
  return (
    typeof failure === 'object' &&
    failure !== null &&
    !(failure instanceof Error) &&
    'status' in failure &&
    failure.status === 'error'
  );
}
