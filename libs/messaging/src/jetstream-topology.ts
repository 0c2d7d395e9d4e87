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
import { nanos } from '@nats-io/nats-core';
import { type ConsumerSpec, type StreamSpec } from '@lib/contracts';

export function toStreamConfig(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
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
    num_replicas: 1,
  };
}

export function toConsumerConfig(spec: ConsumerSpec): Partial<ConsumerConfig> & { durable_name: string } {
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
  };
}

/** True when `current` already has every value `wanted` sets (arrays compared in order). */
function hasSettings(current: object, wanted: object): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify((current as Record<string, unknown>)[key]) === JSON.stringify(value),
  );
}

/**
 * Creates the stream or brings its configuration up to date. Safe to run on every boot, from every replica.
 * A stream already as specified is only read: an app whose NATS user may not manage streams (the ingester,
 * the writers) starts once the scheduler has set them up.
 */
export async function ensureStream(manager: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config = toStreamConfig(spec);
  try {
    const info = await manager.streams.info(spec.name);
    if (hasSettings(info.config, config)) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await manager.streams.add(config);
      return;
    } catch (addError) {
      // Another replica created it between our look-up and our add.
      if (!(addError instanceof JetStreamApiError) || addError.status !== 400) throw addError;
    }
  }
  await manager.streams.update(spec.name, config);
}

export async function ensureConsumer(manager: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  const config = toConsumerConfig(spec);
  const changeable = {
    ack_wait: config.ack_wait,
    max_ack_pending: config.max_ack_pending,
    max_deliver: config.max_deliver,
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
