import {
  parseChoice,
  parseIpFamily,
  parseNestedReference,
  parseNestedTags,
  type NetboxChoice,
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

/** The interface an IP address is assigned to, with the device or VM that owns it. */
export interface NetboxAssignedInterface {
  readonly id: number;
  readonly name: string;
  /** Set for `dcim.interface`. */
  readonly device: NetboxNestedReference | null;
  /** Set for `virtualization.vminterface`. */
  readonly virtualMachine: NetboxNestedReference | null;
}

/** An IP address from `/api/ipam/ip-addresses/`. */
export interface NetboxIpAddress {
  readonly id: number;
  /** With its prefix length: `192.0.2.10/24`. */
  readonly address: string;
  readonly family: 4 | 6 | null;
  readonly status: NetboxChoice | null;
  /** `loopback`, `vip`, … or null. */
  readonly role: NetboxChoice | null;
  /** `''` when NetBox has none. */
  readonly dnsName: string;
  readonly description: string;
  /** `dcim.interface`, `virtualization.vminterface`, `ipam.fhrpgroup`, or null when unassigned. */
  readonly assignedObjectType: string | null;
  readonly assignedObjectId: number | null;
  /** The assigned interface when it is one (FHRP groups and other targets give null here: see `raw`). */
  readonly assignedObject: NetboxAssignedInterface | null;
  readonly vrf: NetboxNestedReference | null;
  readonly tenant: NetboxNestedReference | null;
  readonly tags: readonly NetboxNestedTag[];
  readonly customFields: NetboxRecord;
  readonly lastUpdated: string | null;
  readonly raw: NetboxRecord;
}

function parseAssignedInterface(value: unknown): NetboxAssignedInterface | null {
  if (!isNetboxRecord(value)) return null;
  const id = readId(value.id);
  const device = parseNestedReference(value.device);
  const virtualMachine = parseNestedReference(value.virtual_machine);
  if (id === null || (device === null && virtualMachine === null)) return null;
  return { id, name: readText(value.name) || readText(value.display), device, virtualMachine };
}

/** undefined when `raw` is not an object with a numeric `id`. */
export function parseNetboxIpAddress(raw: unknown): NetboxIpAddress | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  const address = readText(raw.address);
  return {
    id,
    address,
    family: parseIpFamily(raw.family) ?? (address === '' ? null : address.includes(':') ? 6 : 4),
    status: parseChoice(raw.status),
    role: parseChoice(raw.role),
    dnsName: readText(raw.dns_name),
    description: readText(raw.description),
    assignedObjectType: readNullableText(raw.assigned_object_type),
    assignedObjectId: readId(raw.assigned_object_id),
    assignedObject: parseAssignedInterface(raw.assigned_object),
    vrf: parseNestedReference(raw.vrf),
    tenant: parseNestedReference(raw.tenant),
    tags: parseNestedTags(raw.tags),
    customFields: readRecordOrEmpty(raw.custom_fields),
    lastUpdated: readNullableText(raw.last_updated),
    raw,
  };
}
