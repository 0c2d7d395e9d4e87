import {
  NETBOX_ACTIONS,
  NETBOX_OBJECT_TYPE_PATTERN,
  type NetboxAction,
  type NetboxEventPayload,
} from '@lib/contracts';
import { InvalidWebhookError } from './invalid-webhook.error';
import { objectTypeForModel } from './netbox-object-types';

type JsonObject = Record<string, unknown>;

/**
 * `YYYY-MM-DD[T ]hh:mm[:ss[.ffffff]]` + offset. NetBox 4.x sends `isoformat()` (`T`), 3.x sends
 * `str(timezone.now())` (a space); both always carry an offset, since NetBox runs with USE_TZ.
 */
const NETBOX_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Turns the default body of a NetBox webhook (no `body_template`), from NetBox 3.0 to 4.7, into one
 * `NetboxEventPayload`. What differs between versions:
 *
 * | field        | 3.x, 4.0–4.3          | 4.4                    | 4.5         | 4.6                        | 4.7                 |
 * |--------------|-----------------------|------------------------|-------------|----------------------------|---------------------|
 * | object type  | `model` (bare name)   | `object_type`, `model` | `object_type` | `object_type`            | `object_type`       |
 * | request id   | `request_id`          | `request_id`           | none        | `request_id`, `request.id` | `request.id`        |
 * | user         | `username`            | `username`             | `username`  | `username`, `request.user` | `request.user`      |
 * | timestamp    | 3.x: space before the time, 4.x: `T`                                                                     |
 *
 * Pure: throws an InvalidWebhookError naming the first field that is missing or malformed.
 */
export function normalizeNetboxWebhook(body: unknown): NetboxEventPayload {
  if (!isJsonObject(body)) throw new InvalidWebhookError('body must be a JSON object');
  const action = readAction(body);
  const objectType = readObjectType(body);
  const timestamp = normalizeNetboxTimestamp(body.timestamp);
  const data = readObjectOrNull(body, 'data', 'body');
  const objectId = readObjectId(data);
  const request = readObjectOrNull(body, 'request', 'body');
  const requestId = readStringOrNull(request, 'id', 'body.request');
  const legacyRequestId = readStringOrNull(body, 'request_id', 'body');
  const username = readStringOrNull(body, 'username', 'body');
  const requestUser = readStringOrNull(request, 'user', 'body.request');
  const snapshots = readObjectOrNull(body, 'snapshots', 'body');
  return {
    objectType,
    objectId,
    action,
    timestamp,
    requestId: requestId ?? legacyRequestId,
    username: username ?? requestUser,
    data,
    prechange: readObjectOrNull(snapshots, 'prechange', 'body.snapshots'),
    postchange: readObjectOrNull(snapshots, 'postchange', 'body.snapshots'),
  };
}

/** NetBox's timestamp as ISO 8601 with a `T` (precision and offset kept as NetBox sent them). */
export function normalizeNetboxTimestamp(value: unknown): string {
  const match = typeof value === 'string' ? NETBOX_TIMESTAMP.exec(value.trim()) : null;
  const normalized = match ? `${match[1]}T${match[2]}${match[3].toUpperCase()}` : undefined;
  if (normalized === undefined || Number.isNaN(Date.parse(normalized))) {
    throw new InvalidWebhookError(
      'body.timestamp must be an ISO 8601 date-time with a UTC offset, such as 2026-08-20T09:12:41.702118+00:00',
    );
  }
  return normalized;
}

function readAction(body: JsonObject): NetboxAction {
  const action = NETBOX_ACTIONS.find((candidate) => candidate === body.event);
  if (action === undefined) {
    throw new InvalidWebhookError(`body.event must be one of ${NETBOX_ACTIONS.join(', ')}`);
  }
  return action;
}

function readObjectType(body: JsonObject): string {
  const { object_type: objectType, model } = body;
  if (objectType !== undefined && objectType !== null) {
    if (typeof objectType !== 'string' || !NETBOX_OBJECT_TYPE_PATTERN.test(objectType)) {
      throw new InvalidWebhookError('body.object_type must be "<app_label>.<model>", such as dcim.device');
    }
    return objectType;
  }
  if (model !== undefined && model !== null) {
    if (typeof model !== 'string' || model === '') {
      throw new InvalidWebhookError('body.model must be a NetBox model name, such as device');
    }
    return objectTypeForModel(model);
  }
  throw new InvalidWebhookError('body.object_type (NetBox 4.4+) or body.model (NetBox 3.x–4.4) is required');
}

function readObjectId(data: JsonObject | null): number {
  if (data === null) throw new InvalidWebhookError('body.data is required: it carries the object and its id');
  const id = data.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new InvalidWebhookError('body.data.id must be a positive integer');
  }
  return id;
}

/** A nested object, or null when the key is absent or null; anything else names the field. */
function readObjectOrNull(parent: JsonObject | null, key: string, path: string): JsonObject | null {
  const value = parent?.[key];
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) throw new InvalidWebhookError(`${path}.${key} must be an object or null`);
  return value;
}

/** A string, or null when the key is absent, null or blank; anything else names the field. */
function readStringOrNull(parent: JsonObject | null, key: string, path: string): string | null {
  const value = parent?.[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InvalidWebhookError(`${path}.${key} must be a string or null`);
  return value.trim() === '' ? null : value;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
