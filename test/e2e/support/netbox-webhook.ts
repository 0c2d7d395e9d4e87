import { randomUUID } from 'node:crypto';
import { loadNetboxFixture } from '@lib/testing';

export type NetboxWebhookAction = 'created' | 'updated' | 'deleted';

/** The serialized NetBox object a webhook carries in `data`. */
export interface NetboxWebhookData {
  readonly id: number;
  readonly [field: string]: unknown;
}

interface WebhookEnvelope {
  readonly request: Record<string, unknown>;
  readonly [field: string]: unknown;
}

/**
 * The default body NetBox 4.6 posts for one change (the envelope of `webhook-device-updated.json`), with a
 * fresh request id so that JetStream's de-duplication treats it as a new delivery. Returned as the exact
 * text to sign and post.
 */
export function netboxWebhookBody(
  objectType: string,
  action: NetboxWebhookAction,
  data: NetboxWebhookData,
  timestamp: Date = new Date(),
): string {
  const envelope = loadNetboxFixture<WebhookEnvelope>('webhook-device-updated.json');
  const requestId = randomUUID();
  return JSON.stringify({
    ...envelope,
    event: action,
    timestamp: timestamp.toISOString(),
    object_type: objectType,
    request_id: requestId,
    request: { ...envelope.request, id: requestId },
    data,
    snapshots: { prechange: null, postchange: null },
  });
}
