import {
  parseChoice,
  parseNestedReference,
  parseNestedTags,
  type NetboxChoice,
  type NetboxNestedReference,
  type NetboxNestedTag,
} from './netbox-nested.dto';
import {
  isNetboxRecord,
  readBoolean,
  readId,
  readNullableNumber,
  readNullableText,
  readRecordOrEmpty,
  readText,
  type NetboxRecord,
} from './netbox-response-readers';

/** A device interface from `/api/dcim/interfaces/`. */
export interface NetboxInterface {
  readonly id: number;
  readonly name: string;
  readonly device: NetboxNestedReference | null;
  /** `100gbase-x-qsfp28`, `virtual`, `lag`, … */
  readonly type: NetboxChoice | null;
  readonly enabled: boolean;
  readonly managementOnly: boolean;
  readonly macAddress: string | null;
  readonly mtu: number | null;
  readonly description: string;
  readonly tags: readonly NetboxNestedTag[];
  readonly customFields: NetboxRecord;
  readonly lastUpdated: string | null;
  readonly raw: NetboxRecord;
}

/** undefined when `raw` is not an object with a numeric `id`. */
export function parseNetboxInterface(raw: unknown): NetboxInterface | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  return {
    id,
    name: readText(raw.name) || readText(raw.display),
    device: parseNestedReference(raw.device),
    type: parseChoice(raw.type),
    enabled: readBoolean(raw.enabled, true),
    managementOnly: readBoolean(raw.mgmt_only, false),
    macAddress: readNullableText(raw.mac_address),
    mtu: readNullableNumber(raw.mtu),
    description: readText(raw.description),
    tags: parseNestedTags(raw.tags),
    customFields: readRecordOrEmpty(raw.custom_fields),
    lastUpdated: readNullableText(raw.last_updated),
    raw,
  };
}
