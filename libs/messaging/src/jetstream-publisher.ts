import { randomUUID } from 'node:crypto';
import { type PubAck } from '@nats-io/jetstream';
import { InvalidMessageError, type MessageDefinition } from '@lib/contracts';
import { MessageTooLargeError, NatsUnavailableError } from './messaging-errors';
import { serializeEnvelope, validatePayload } from './message-codec';
import { type NatsConnection } from './nats-connection';

export interface PublishOptions {
  /** Also the `Nats-Msg-Id`: a repeat inside the stream's duplicate window is dropped. Random by default. */
  readonly messageId?: string;
  readonly correlationId: string;
  readonly occurredAt?: Date;
  readonly timeoutMs?: number;
  /**
   * The subject the producer means to publish on (JetStreamClientProxy's pattern): refused with an
   * InvalidMessageError when the payload belongs on another. Without it, the payload's own subject.
   */
  readonly subject?: string;
}

export interface PublishReceipt {
  readonly messageId: string;
  readonly stream: string;
  readonly sequence: number;
  /** JetStream already held a message with this id: nothing new was stored. */
  readonly duplicate: boolean;
}

/** Validates a message, publishes it and resolves only once JetStream has stored it. */
export class JetStreamPublisher {
  constructor(private readonly nats: NatsConnection) {}

  async publish<TPayload extends object>(
    definition: MessageDefinition<TPayload>,
    payload: TPayload,
    options: PublishOptions,
  ): Promise<PublishReceipt> {
    const messageId = options.messageId ?? randomUUID();
    const subject = definition.subjectFor(validatePayload(definition, payload));
    if (options.subject !== undefined && options.subject !== subject) {
      throw new InvalidMessageError(
        `${definition.name}: this payload belongs on ${subject}, not on ${options.subject}`,
      );
    }
    const body = serializeEnvelope(payload, {
      messageId,
      correlationId: options.correlationId,
      occurredAt: options.occurredAt ?? new Date(),
    });
    if (!this.nats.connected) throw new NatsUnavailableError('NATS is not connected');
    if (body.byteLength > this.nats.maxPayload) {
      throw new MessageTooLargeError(
        `${definition.name} message of ${body.byteLength} bytes is over the server's limit of ${this.nats.maxPayload}`,
      );
    }
    const ack: PubAck = await this.nats.jetstream.publish(subject, body, {
      msgID: messageId,
      timeout: options.timeoutMs ?? 5_000,
    });
    return { messageId, stream: ack.stream, sequence: ack.seq, duplicate: ack.duplicate };
  }
}
