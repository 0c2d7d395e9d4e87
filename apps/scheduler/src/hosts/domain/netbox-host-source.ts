import { type NetboxHostObjectType } from '@lib/models';

/** A reference to a NetBox object by id and name, as nested serializers render it. */
export interface NetboxReference {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

export interface NetboxIpAddress {
  readonly id: number;
  /** Without the prefix length: `192.0.2.10`. */
  readonly address: string;
  readonly dnsName: string;
}

/**
 * What the scheduler needs of a NetBox device or VM, read from the REST serializer's shape (webhook `data`
 * and REST responses alike), tolerant of NetBox 3.x–4.7 differences.
 */
export interface NetboxHostSource {
  readonly objectType: NetboxHostObjectType;
  readonly id: number;
  readonly name: string | null;
  readonly status: string;
  readonly description: string;
  readonly site: NetboxReference | null;
  readonly role: NetboxReference | null;
  readonly platform: NetboxReference | null;
  readonly tenant: NetboxReference | null;
  readonly cluster: NetboxReference | null;
  readonly primaryIp4: NetboxIpAddress | null;
  readonly tags: readonly string[];
  readonly tagIds: readonly number[];
  readonly customFields: Readonly<Record<string, unknown>>;
  /** The object's `last_updated`, when the serializer gave it. */
  readonly lastUpdated: Date | null;
  /** The serializer output itself, for tag and inventory field paths. */
  readonly raw: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function reference(value: unknown): NetboxReference | null {
  if (!isObject(value) || typeof value.id !== 'number') return null;
  return { id: value.id, name: text(value.name) || text(value.display), slug: text(value.slug) };
}

/** `{value: 'active', label: 'Active'}` (2.10+) or a bare string. */
function choiceValue(value: unknown): string {
  if (isObject(value)) return text(value.value);
  return text(value);
}

function ipAddress(value: unknown): NetboxIpAddress | null {
  if (!isObject(value) || typeof value.id !== 'number') return null;
  const address = text(value.address).split('/')[0] ?? '';
  if (!address) return null;
  return { id: value.id, address, dnsName: text(value.dns_name) };
}

function tagNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((tag: unknown) => (isObject(tag) ? text(tag.name) || text(tag.slug) : text(tag)))
    .filter((name) => name.length > 0);
}

function tagIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((tag: unknown) => (isObject(tag) && typeof tag.id === 'number' ? [tag.id] : []));
}

function timestamp(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const parsed = new Date(value.replace(' ', 'T'));
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function parseNetboxHostSource(objectType: NetboxHostObjectType, data: Json): NetboxHostSource {
  if (typeof data.id !== 'number') throw new TypeError('NetBox object has no numeric id');
  return {
    objectType,
    id: data.id,
    name: typeof data.name === 'string' && data.name.trim() ? data.name : null,
    status: choiceValue(data.status),
    description: text(data.description),
    site: reference(data.site),
    // NetBox 3.6 sends `role` and the deprecated `device_role`; 3.0–3.5 only `device_role`.
    role: reference(data.role) ?? reference(data.device_role),
    platform: reference(data.platform),
    tenant: reference(data.tenant),
    cluster: reference(data.cluster),
    primaryIp4: ipAddress(data.primary_ip4),
    tags: tagNames(data.tags),
    tagIds: tagIds(data.tags),
    customFields: isObject(data.custom_fields) ? data.custom_fields : {},
    lastUpdated: timestamp(data.last_updated),
    raw: data,
  };
}

/** Reads a dotted field path (`site.region.name`) from the serializer output; undefined when absent. */
export function readFieldPath(raw: Readonly<Json>, path: string): string | undefined {
  let current: unknown = raw;
  for (const segment of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  if (isObject(current)) {
    const label = current.name ?? current.value ?? current.display ?? current.label;
    return label === undefined || label === null ? undefined : text(label) || undefined;
  }
  if (current === null || current === undefined) return undefined;
  if (Array.isArray(current)) return undefined;
  const value = text(current) || (typeof current === 'boolean' ? String(current) : '');
  return value || undefined;
}
