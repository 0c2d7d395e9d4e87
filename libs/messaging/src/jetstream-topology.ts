import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type ServerInfo } from '@nats-io/nats-core';
import { type ConsumerSpec, type StreamSpec } from '@lib/contracts';

/**
 * How many copies of each stream to keep (NATS_REPLICAS): a number, or `undefined` to create streams with
 * one copy and leave the count of an existing stream as it is (so an app not told about replicas never
 * scales down what the scheduler scaled up).
 */
export type StreamReplicas = number | undefined;

/** NATS_REPLICAS as `ensureStream` takes it: 0 (unset) leaves existing streams as they are. */
export function streamReplicas(setting: number | undefined): StreamReplicas {
  return setting === undefined || setting === 0 ? undefined : setting;
}

export function toStreamConfig(spec: StreamSpec, replicas = 1): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: [...spec.subjects],
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: spec.discard === 'new' ? DiscardPolicy.New : DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    max_msgs: spec.maxMessages,
    max_bytes: spec.maxBytes,
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: replicas,
  };
}

/**
 * A consumer's own replica count for a stream of `replicas` copies: its stream's count (a consumer of a
 * work-queue stream must have it), or 0, which means the stream's, where that is 1 or left alone: a single
 * server refuses a consumer count above 1 ("replicas > 1 not supported in non-clustered mode").
 */
export function consumerReplicas(replicas: StreamReplicas): number {
  return replicas !== undefined && replicas > 1 ? replicas : 0;
}

export function toConsumerConfig(
  spec: ConsumerSpec,
  replicas?: StreamReplicas,
): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: spec.durable,
    filter_subject: spec.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
    // Unlimited on the server: attempts are counted by the consumer pipeline, which dead-letters the
    // message itself (an exhausted message would otherwise stay in a work-queue stream for good on 2.9).
    max_deliver: -1,
    num_replicas: consumerReplicas(replicas),
  };
}

/** True when `current` already has every value `wanted` sets (arrays compared in order). */
function hasSettings(current: object, wanted: object): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify((current as Record<string, unknown>)[key]) === JSON.stringify(value),
  );
}

/**
 * Fails unless the server can keep `replicas` copies: a single server accepts `num_replicas: 3` on a stream
 * without complaint (2.9.10) and keeps one copy, which would leave an operator believing the streams
 * survive the loss of a server.
 */
export function checkReplicas(server: ServerInfo | undefined, replicas: StreamReplicas): void {
  if (replicas === undefined || replicas <= 1) return;
  if (!server?.cluster) {
    throw new Error(
      `NATS_REPLICAS is ${replicas} but NATS server ${server?.server_name ?? '(unknown)'} is not in a cluster`,
    );
  }
}

/**
 * Creates the stream or brings its configuration up to date. Safe to run on every boot, from every replica.
 * A stream already as specified is only read: an app whose NATS user may not manage streams (the ingester,
 * the writers) starts once the scheduler has set them up. Changing `replicas` scales the stream (and its
 * consumers with it) in place, keeping its messages; it needs that many servers up.
 */
export async function ensureStream(
  manager: JetStreamManager,
  spec: StreamSpec,
  replicas?: StreamReplicas,
): Promise<void> {
  let config = toStreamConfig(spec, replicas);
  try {
    const info = await manager.streams.info(spec.name);
    if (replicas === undefined) config = { ...config, num_replicas: info.config.num_replicas };
    if (hasSettings(info.config, config)) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await manager.streams.add(config);
      return;
    } catch (addError) {
      // Another replica created it between our look-up and our add.
      if (!(addError instanceof JetStreamApiError) || addError.status !== 400) throw addError;
      if (replicas === undefined) {
        config = { ...config, num_replicas: (await manager.streams.info(spec.name)).config.num_replicas };
      }
    }
  }
  await manager.streams.update(spec.name, config);
}

/**
 * Creates the consumer or updates what can change. With `replicas`, its count is set to its stream's as well:
 * on 2.9.10 a consumer left at 0 follows a stream scaled from 1 to 3 copies, but after one of its servers
 * was killed and restarted it was seen never to become current again (the server's /healthz kept naming
 * it), where a consumer given the count itself recovered.
 */
export async function ensureConsumer(
  manager: JetStreamManager,
  spec: ConsumerSpec,
  replicas?: StreamReplicas,
): Promise<void> {
  const config = toConsumerConfig(spec, replicas);
  const changeable = {
    ack_wait: config.ack_wait,
    max_ack_pending: config.max_ack_pending,
    max_deliver: config.max_deliver,
    ...(replicas === undefined ? {} : { num_replicas: config.num_replicas }),
  };
  try {
    const info = await manager.consumers.info(spec.stream.name, spec.durable);
    if (hasSettings(info.config, changeable)) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await manager.consumers.add(spec.stream.name, config);
    return;
  }
  await manager.consumers.update(spec.stream.name, spec.durable, changeable);
}

/** Deletes a durable consumer if it exists (looked up first, so an app that may only read asks no more). */
export async function removeConsumer(
  manager: JetStreamManager,
  stream: string,
  durable: string,
): Promise<void> {
  try {
    await manager.consumers.info(stream, durable);
    await manager.consumers.delete(stream, durable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}
