import { createHash } from 'node:crypto';
import { type NetboxEventPayload } from '@lib/contracts';

export type EventIdentityFields = Pick<
  NetboxEventPayload,
  'objectType' | 'objectId' | 'action' | 'requestId' | 'timestamp'
>;

/**
 * The `Nats-Msg-Id` of a NetBox event: the same NetBox event always gets the same id, so a webhook NetBox
 * (or a proxy) delivers twice is stored once. NetBox queues one event per object and action per request, so
 * request id + object type + object id + action names it; without a request id (NetBox 4.5, scripts, jobs)
 * NetBox's timestamp takes the request id's place. Readable prefix, hashed origin (the request id is
 * whatever the body says: it never reaches a header unhashed).
 */
export function deriveEventMessageId(event: EventIdentityFields): string {
  const origin = event.requestId !== null ? ['request', event.requestId] : ['timestamp', event.timestamp];
  const digest = createHash('sha256').update(JSON.stringify(origin)).digest('hex').slice(0, 32);
  return `${event.objectType}:${event.objectId}:${event.action}:${digest}`;
}

/** The NetBox request id that started the chain, or the message id when NetBox sent none. */
export function correlationIdFor(event: Pick<NetboxEventPayload, 'requestId'>, messageId: string): string {
  return event.requestId ?? messageId;
}
