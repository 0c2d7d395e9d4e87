import { Logger } from '@nestjs/common';
import { type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import {
  InvalidMessageError,
  Messages,
  type ConsumerSpec,
  type EnvelopeOf,
  type MessageDefinition,
} from '@lib/contracts';
import { bodyAsText, decodeEnvelope } from './message-codec';
import { decideOutcome, DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './message-outcome';
import { type JetStreamPublisher } from './jetstream-publisher';
import { type NatsConnection } from './nats-connection';

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

export type MessageHandlerFunction<TPayload> = (payload: TPayload, context: HandlerContext) => Promise<void>;

export interface HandlerBinding {
  readonly definition: MessageDefinition<object>;
  readonly handle: MessageHandlerFunction<object>;
}

/** Binds a handler to a message kind; the payload type follows from the definition. */
export function bindHandler<TPayload extends object>(
  definition: MessageDefinition<TPayload>,
  handle: MessageHandlerFunction<TPayload>,
): HandlerBinding {
  return {
    definition: definition,
    handle: handle as MessageHandlerFunction<object>,
  };
}

export interface ConsumeOptions {
  /** Messages this process works on at once. */
  readonly concurrency: number;
  readonly retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
}

/**
 * Runs durable pull consumers with the fixed pipeline: decode → validate → handler → ack, nak with a growing
 * delay, or term after recording the message in the dead-letter stream.
 */
export class JetStreamConsumerHost {
  private readonly logger = new Logger(JetStreamConsumerHost.name);
  private readonly running: { messages: ConsumerMessages; loop: Promise<void> }[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nats: NatsConnection,
    private readonly publisher: JetStreamPublisher,
  ) {}

  async start(
    spec: ConsumerSpec,
    bindings: readonly HandlerBinding[],
    options: ConsumeOptions,
  ): Promise<void> {
    const policy: RetryPolicy = { maxAttempts: spec.maxAttempts, ...DEFAULT_RETRY_POLICY, ...options.retry };
    await this.nats.ready();
    const consumer = await this.nats.jetstream.consumers.get(spec.stream.name, spec.durable);
    const messages = await consumer.consume({ max_messages: options.concurrency });
    const slots = new Slots(options.concurrency);
    const loop = (async () => {
      for await (const message of messages) {
        await slots.acquire();
        const work = this.process(spec, bindings, policy, message).finally(() => {
          slots.release();
          this.inFlight.delete(work);
        });
        this.inFlight.add(work);
      }
    })().catch((error: unknown) => {
      this.logger.error(`consumer ${spec.durable} stopped: ${describe(error)}`);
    });
    this.running.push({ messages, loop });
    this.logger.log(`consuming ${spec.stream.name}/${spec.durable} (${options.concurrency} at once)`);
  }

  /** Stops pulling and waits for the messages in hand. */
  async stop(): Promise<void> {
    for (const { messages } of this.running) messages.stop();
    await Promise.all(this.running.map(({ loop }) => loop));
    await Promise.all([...this.inFlight]);
    this.running.length = 0;
  }

  private async process(
    spec: ConsumerSpec,
    bindings: readonly HandlerBinding[],
    policy: RetryPolicy,
    message: JsMsg,
  ): Promise<void> {
    const deliveryCount = message.info.deliveryCount;
    const heartbeat = setInterval(() => message.working(), Math.max(1_000, Math.floor(spec.ackWaitMs / 3)));
    let failure: unknown = undefined;
    let envelope: EnvelopeOf<object> | undefined;
    try {
      const binding = bindings.find((candidate) => candidate.definition.matches(message.subject));
      if (!binding) throw new InvalidMessageError(`no handler for subject ${message.subject}`);
      envelope = decodeEnvelope(binding.definition, message.data);
      await binding.handle(envelope.payload, {
        subject: message.subject,
        messageId: envelope.messageId,
        correlationId: envelope.correlationId,
        occurredAt: envelope.occurredAt,
        deliveryCount,
        isFinalAttempt: deliveryCount >= policy.maxAttempts,
        working: () => message.working(),
      });
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
    }

    const outcome = decideOutcome(failure, deliveryCount, policy);
    const label = `${message.subject} #${message.info.streamSequence} [corr=${envelope?.correlationId ?? '-'}]`;
    switch (outcome.kind) {
      case 'ack':
        message.ack();
        return;
      case 'nak':
        this.logger.warn(
          `${label}: attempt ${deliveryCount} failed, retry in ${outcome.delayMs} ms: ${describe(failure)}`,
        );
        message.nak(outcome.delayMs);
        return;
      case 'term':
        await this.deadLetter(spec, message, envelope, outcome.errorType, outcome.reason, policy, label);
        return;
    }
  }

  private async deadLetter(
    spec: ConsumerSpec,
    message: JsMsg,
    envelope: EnvelopeOf<object> | undefined,
    errorType: string,
    reason: string,
    policy: RetryPolicy,
    label: string,
  ): Promise<void> {
    try {
      await this.publisher.publish(
        Messages.deadLetter,
        {
          originalSubject: message.subject,
          stream: spec.stream.name,
          consumer: spec.durable,
          streamSequence: message.info.streamSequence,
          deliveryCount: message.info.deliveryCount,
          errorType,
          reason,
          originalBody: bodyAsText(message.data),
          originalMessageId: envelope?.messageId,
          failedAt: new Date().toISOString(),
        },
        {
          messageId: `dlq:${spec.stream.name}:${message.info.streamSequence}`,
          correlationId: envelope?.correlationId ?? `dlq:${spec.stream.name}:${message.info.streamSequence}`,
        },
      );
    } catch (error) {
      // Never drop a message we could not record: try again later.
      this.logger.error(`${label}: could not dead-letter (${describe(error)}); will retry`);
      message.nak(retryDelayMs(message.info.deliveryCount, policy));
      return;
    }
    this.logger.error(`${label}: dead-lettered (${errorType}): ${reason}`);
    message.term();
  }
}

class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
