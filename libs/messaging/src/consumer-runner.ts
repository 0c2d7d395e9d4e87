import { type LoggerService } from '@nestjs/common';
import { type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { type ConsumerSpec } from '@lib/contracts';
import { type MessagePipeline } from './message-pipeline';
import { type NatsConnection } from './nats-connection';

/** How long one pull request waits for messages before the next one is sent. */
const PULL_EXPIRES_MS = 5_000;
const PULL_RETRY_DELAY_MS = 1_000;

/**
 * Runs one durable pull consumer. It asks JetStream only for as many messages as it has free slots, takes
 * every message from the pull as soon as it arrives and starts its in-progress heartbeat (`working()` every
 * ack_wait / 3) at once, before the message is decoded or handled. So no message is ever held unseen in a
 * client buffer or waits for a slot without a heartbeat, and a slow handler never lets ack_wait expire and
 * another replica take the same message; nor does one replica hoard messages another could work on.
 */
export class ConsumerRunner {
  private readonly inHand = new Set<Promise<void>>();
  private current: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly spec: ConsumerSpec,
    private readonly concurrency: number,
    private readonly pipeline: MessagePipeline,
    private readonly logger: LoggerService,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new Error(`${spec.durable}: concurrency must be a positive integer, not ${concurrency}`);
    }
  }

  async start(nats: NatsConnection): Promise<void> {
    const consumer = await nats.jetstream.consumers.get(this.spec.stream.name, this.spec.durable);
    this.loop = this.pull(consumer);
  }

  /** Stops pulling and waits for the messages in hand, at most `timeoutMs`; true when all were settled. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    this.current?.stop();
    this.wake?.();
    await this.loop;
    if (this.inHand.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      Promise.all([...this.inHand]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!settled) {
      this.logger.warn(
        `${this.spec.durable}: ${this.inHand.size} message(s) still in hand after ${timeoutMs} ms; ` +
          'JetStream delivers them again after ack_wait',
      );
    }
    return settled;
  }

  private async pull(consumer: Consumer): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.inHand.size;
      if (free <= 0) {
        await this.sleep();
        continue;
      }
      try {
        const messages = await consumer.fetch({ max_messages: free, expires: PULL_EXPIRES_MS });
        this.current = messages;
        if (this.stopping) messages.stop();
        for await (const message of messages) this.take(message);
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn(
          `${this.spec.durable}: pull failed (${error instanceof Error ? error.message : String(error)}); retrying`,
        );
        await this.sleep(PULL_RETRY_DELAY_MS);
      } finally {
        this.current = undefined;
      }
    }
  }

  /** Heartbeat from the moment of receipt, then through the pipeline; never blocks the pull loop. */
  private take(message: JsMsg): void {
    const heartbeat = setInterval(
      () => {
        try {
          message.working();
        } catch {
          // The connection is closing: nothing left to tell JetStream.
        }
      },
      Math.max(1_000, Math.floor(this.spec.ackWaitMs / 3)),
    );
    const work: Promise<void> = this.pipeline.process(message).finally(() => {
      clearInterval(heartbeat);
      this.inHand.delete(work);
      this.wake?.();
    });
    this.inHand.add(work);
  }

  /** Until a slot frees up or `stop()` is called (or `ms` passes). */
  private async sleep(ms?: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
  }
}
