import { BaseRpcContext } from '@nestjs/microservices';
import { type JsMsg } from '@nats-io/jetstream';
import { type EnvelopeOf } from '@lib/contracts';

/** What a message handler knows about the message besides its payload. */
export interface HandlerContext {
  readonly subject: string;
  readonly messageId: string;
  readonly correlationId: string;
  readonly occurredAt: string;
  readonly deliveryCount: number;
  /** No retry follows this attempt if it fails with a retryable error. */
  readonly isFinalAttempt: boolean;
  /** Tells JetStream the message is still being worked on (sent automatically every ack_wait / 3, too). */
  working(): void;
}

/**
 * What `@Ctx()` gives an `@EventPattern` handler on the JetStream transport: the HandlerContext of the
 * message (pass it on to services as it is) and, for the rare handler that needs them, the raw message and
 * its envelope.
 */
export class JetStreamContext extends BaseRpcContext<[JsMsg, EnvelopeOf<object>]> implements HandlerContext {
  readonly subject: string;
  readonly messageId: string;
  readonly correlationId: string;
  readonly occurredAt: string;
  readonly deliveryCount: number;
  readonly isFinalAttempt: boolean;
  /** An arrow function, so it can be handed on detached (`setInterval(context.working, …)`). */
  readonly working = (): void => this.getMessage().working();

  constructor(message: JsMsg, envelope: EnvelopeOf<object>, maxAttempts: number) {
    super([message, envelope]);
    this.subject = message.subject;
    this.messageId = envelope.messageId;
    this.correlationId = envelope.correlationId;
    this.occurredAt = envelope.occurredAt;
    this.deliveryCount = message.info.deliveryCount;
    this.isFinalAttempt = message.info.deliveryCount >= maxAttempts;
  }

  getMessage(): JsMsg {
    return this.args[0];
  }

  getEnvelope(): EnvelopeOf<object> {
    return this.args[1];
  }
}
