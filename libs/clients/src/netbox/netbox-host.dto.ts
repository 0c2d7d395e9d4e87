import {
  parseChoice,
  parseNestedIpAddress,
  parseNestedReference,
  parseNestedTags,
  type NetboxChoice,
  type NetboxNestedIpAddress,
  type NetboxNestedReference,
  type NetboxNestedTag,
} from './netbox-nested.dto';
import {
  isNetboxRecord,
  readId,
  readNullableText,
  readRecordOrEmpty,
  readText,
  type NetboxRecord,
} from './netbox-response-readers';

/** The NetBox object types that become Zabbix hosts (same spelling as webhook `object_type`). */
export type NetboxHostObjectKind = 'dcim.device' | 'virtualization.virtualmachine';

/** What devices and virtual machines have in common, and what the bridge reads of them. */
export interface NetboxHostObject {
  readonly objectType: NetboxHostObjectKind;
  readonly id: number;
  /** null for unnamed devices (NetBox allows them; `display` then reads `<type> (<id>)`). */
  readonly name: string | null;
  readonly display: string;
  readonly status: NetboxChoice | null;
  readonly site: NetboxNestedReference | null;
  /** `role`; from NetBox 3.x `device_role` when that is all there is. */
  readonly role: NetboxNestedReference | null;
  readonly platform: NetboxNestedReference | null;
  readonly tenant: NetboxNestedReference | null;
  readonly cluster: NetboxNestedReference | null;
  readonly primaryIp4: NetboxNestedIpAddress | null;
  readonly primaryIp6: NetboxNestedIpAddress | null;
  readonly tags: readonly NetboxNestedTag[];
  /** `custom_fields` as NetBox sent them: `{name: value}`, unset fields as null. */
  readonly customFields: NetboxRecord;
  readonly description: string;
  readonly serial: string;
  /** ISO 8601 as NetBox sent it (microseconds kept). */
  readonly created: string | null;
  readonly lastUpdated: string | null;
  /** The serializer output itself, every field included (unknown ones too). */
  readonly raw: NetboxRecord;
}

/** The shared fields of a device or VM; undefined when `raw` is not an object with a numeric `id`. */
export function parseHostObject(
  objectType: NetboxHostObjectKind,
  raw: unknown,
): NetboxHostObject | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  const name = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : null;
  return {
    objectType,
    id,
    name,
    display: readText(raw.display) || (name ?? String(id)),
    status: parseChoice(raw.status),
    site: parseNestedReference(raw.site),
    // NetBox 3.6 sends `role` and the deprecated `device_role`; 3.0–3.5 only `device_role`.
    role: parseNestedReference(raw.role) ?? parseNestedReference(raw.device_role),
    platform: parseNestedReference(raw.platform),
    tenant: parseNestedReference(raw.tenant),
    cluster: parseNestedReference(raw.cluster),
    primaryIp4: parseNestedIpAddress(raw.primary_ip4),
    primaryIp6: parseNestedIpAddress(raw.primary_ip6),
    tags: parseNestedTags(raw.tags),
    customFields: readRecordOrEmpty(raw.custom_fields),
    description: readText(raw.description),
    serial: readText(raw.serial),
    created: readNullableText(raw.created),
    lastUpdated: readNullableText(raw.last_updated),
    raw,
  };
}
