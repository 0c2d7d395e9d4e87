import { randomUUID } from 'node:crypto';
import { ClientProxy, type ReadPacket } from '@nestjs/microservices';
import { type Observable } from 'rxjs';
import { InvalidMessageError, messageForSubject } from '@lib/contracts';
import { type JetStreamPublisher, type PublishReceipt } from './jetstream-publisher';
import { JetStreamRecord } from './jetstream.record';
import { type NatsConnection } from './nats-connection';

/**
 * Nest's ClientProxy for the JetStream transport: `emit(subject, record)` publishes an event and emits the
 * PublishReceipt once JetStream has stored it (`duplicate` when it already held that message id). The
 * payload is validated against the message the subject carries, as every producer does. Request/response
 * (`send`) is not offered: JetStream carries events.
 *
 * ```ts
 * const receipt = await lastValueFrom(
 *   client.emit<PublishReceipt>(subject, new JetStreamRecord(event, { messageId, correlationId })),
 * );
 * ```
 */
export class JetStreamClientProxy extends ClientProxy {
  constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly nats: NatsConnection,
  ) {
    super();
  }

  /**
   * The connection belongs to MessagingModule and reconnects by itself; nothing to wait for here. A publish
   * while it is away fails at once with NatsUnavailableError.
   */
  async connect(): Promise<NatsConnection> {
    return Promise.resolve(this.nats);
  }

  /** MessagingModule closes the connection when the app shuts down. */
  close(): void {}

  unwrap<T>(): T {
    return this.nats as T;
  }

  override send<TResult>(_pattern: unknown, _data: unknown): Observable<TResult> {
    throw unsupported();
  }

  protected publish(): () => void {
    throw unsupported();
  }

  protected async dispatchEvent<T = PublishReceipt>(packet: ReadPacket<unknown>): Promise<T> {
    const subject: unknown = packet.pattern;
    if (typeof subject !== 'string') {
      throw new InvalidMessageError('a JetStream event is emitted on a subject (a string)');
    }
    const definition = messageForSubject(subject);
    if (!definition) throw new InvalidMessageError(`no message is defined for subject ${subject}`);
    const record =
      packet.data instanceof JetStreamRecord ? packet.data : defaultRecord(packet.data, definition.name);
    // The publisher validates the payload (once: it is the costliest step of a webhook) and refuses it
    // when it belongs on another subject than the one emitted on.
    const receipt: PublishReceipt = await this.publisher.publish(definition, record.payload, {
      ...record.options,
      subject,
    });
    return receipt as T;
  }
}

/** A bare payload: a new message id, which is its correlation id too. */
function defaultRecord(payload: unknown, name: string): JetStreamRecord {
  if (typeof payload !== 'object' || payload === null) {
    throw new InvalidMessageError(`${name}: payload is not an object`);
  }
  const messageId = randomUUID();
  return new JetStreamRecord(payload, { messageId, correlationId: messageId });
}

function unsupported(): Error {
  return new Error(
    'JetStreamClientProxy does not support request/response (send): JetStream carries events; use emit()',
  );
}
