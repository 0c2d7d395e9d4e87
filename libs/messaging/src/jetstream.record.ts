import { type PublishOptions } from './jetstream-publisher';

/**
 * What `JetStreamClientProxy.emit(subject, record)` publishes: the payload and its envelope fields (message
 * id, also the `Nats-Msg-Id`; correlation id; occurred-at; how long to wait for the JetStream ack).
 */
export class JetStreamRecord<TPayload extends object = object> {
  constructor(
    readonly payload: TPayload,
    readonly options: PublishOptions,
  ) {}
}
