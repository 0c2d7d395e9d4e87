import {
  parseNestedReference,
  parseNestedTags,
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

/** A VM interface from `/api/virtualization/interfaces/` (NetBox's `VMInterface`). */
export interface NetboxVirtualMachineInterface {
  readonly id: number;
  readonly name: string;
  readonly virtualMachine: NetboxNestedReference | null;
  readonly enabled: boolean;
  readonly macAddress: string | null;
  readonly mtu: number | null;
  readonly description: string;
  readonly tags: readonly NetboxNestedTag[];
  readonly customFields: NetboxRecord;
  readonly lastUpdated: string | null;
  readonly raw: NetboxRecord;
}

/** undefined when `raw` is not an object with a numeric `id`. */
export function parseNetboxVirtualMachineInterface(raw: unknown): NetboxVirtualMachineInterface | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  return {
    id,
    name: readText(raw.name) || readText(raw.display),
    virtualMachine: parseNestedReference(raw.virtual_machine),
    enabled: readBoolean(raw.enabled, true),
    macAddress: readNullableText(raw.mac_address),
    mtu: readNullableNumber(raw.mtu),
    description: readText(raw.description),
    tags: parseNestedTags(raw.tags),
    customFields: readRecordOrEmpty(raw.custom_fields),
    lastUpdated: readNullableText(raw.last_updated),
    raw,
  };
}
