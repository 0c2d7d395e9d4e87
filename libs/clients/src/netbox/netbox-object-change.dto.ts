import {
  isNetboxRecord,
  readId,
  readNullableText,
  readText,
  type NetboxRecord,
} from './netbox-response-readers';

export type NetboxChangeAction = 'create' | 'update' | 'delete';

/**
 * One entry of NetBox's change log (`ObjectChange`: `/api/core/object-changes/` on 4.1+,
 * `/api/extras/object-changes/` before). The snapshots are Django's model serialization (foreign keys as
 * ids), not the REST serializer's.
 */
export interface NetboxObjectChange {
  readonly id: number;
  /** ISO 8601. */
  readonly time: string;
  readonly requestId: string | null;
  readonly userName: string | null;
  readonly action: NetboxChangeAction;
  /** `app_label.model`: `dcim.device`. */
  readonly changedObjectType: string;
  readonly changedObjectId: number;
  readonly relatedObjectType: string | null;
  readonly relatedObjectId: number | null;
  readonly objectRepr: string;
  readonly prechangeData: NetboxRecord | null;
  readonly postchangeData: NetboxRecord | null;
}

const ACTIONS: readonly NetboxChangeAction[] = ['create', 'update', 'delete'];

/** `{value, label}` (every version's serializer) or a bare value. */
function readAction(value: unknown): NetboxChangeAction | null {
  const text = isNetboxRecord(value) ? value.value : value;
  return ACTIONS.find((action) => action === text) ?? null;
}

/** An `ObjectChange` as any NetBox 3.x–4.x renders it, or undefined when it lacks what the bridge needs. */
export function parseNetboxObjectChange(raw: unknown): NetboxObjectChange | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  const changedObjectId = readId(raw.changed_object_id);
  const action = readAction(raw.action);
  const changedObjectType = readText(raw.changed_object_type);
  const time = readText(raw.time);
  if (id === null || changedObjectId === null || action === null || changedObjectType === '' || time === '')
    return undefined;
  return {
    id,
    time,
    requestId: readNullableText(raw.request_id),
    userName: readNullableText(raw.user_name),
    action,
    changedObjectType,
    changedObjectId,
    relatedObjectType: readNullableText(raw.related_object_type),
    relatedObjectId: readId(raw.related_object_id),
    objectRepr: readText(raw.object_repr),
    prechangeData: isNetboxRecord(raw.prechange_data) ? raw.prechange_data : null,
    postchangeData: isNetboxRecord(raw.postchange_data) ? raw.postchange_data : null,
  };
}
