import {
  isNetboxRecord,
  readId,
  readNullableNumber,
  readNullableText,
  readText,
} from './netbox-response-readers';

/** A choice field: `{value, label}` since NetBox 2.10 (`status`, `type`, `family`). */
export interface NetboxChoice {
  /** Always text (`active`; the IP family `4` becomes `'4'`). */
  readonly value: string;
  readonly label: string;
}

/** A related object as the nested/brief serializers render it (site, role, platform, tenant, cluster, …). */
export interface NetboxNestedReference {
  readonly id: number;
  /** `name`; for objects without one (an unnamed device, a device type's `model`) the `display` text. */
  readonly name: string;
  /** null for models without slugs (clusters, devices, racks). */
  readonly slug: string | null;
  readonly display: string;
}

/** A nested IP address (`primary_ip4`, `primary_ip6`). */
export interface NetboxNestedIpAddress {
  readonly id: number;
  /** With its prefix length, as NetBox stores it: `192.0.2.10/24`. */
  readonly address: string;
  readonly family: 4 | 6 | null;
  /**
   * `dns_name` of the IP address. Nested IPs carry it only since NetBox 4.6.4: null means "not in this
   * payload" (look the IP up), `''` means "NetBox has none".
   */
  readonly dnsName: string | null;
}

/** A tag as nested in an object's `tags` (3.x–4.x: `{id, url, display, name, slug, color}`). */
export interface NetboxNestedTag {
  readonly id: number | null;
  readonly name: string;
  readonly slug: string;
  readonly color: string | null;
}

/** `{value, label}` or a bare value (NetBox before 2.10, and 3.x `primary_ip4.family`). */
export function parseChoice(value: unknown): NetboxChoice | null {
  if (isNetboxRecord(value)) {
    const choiceValue = readNullableText(value.value);
    if (choiceValue === null) return null;
    return { value: choiceValue, label: readText(value.label) || choiceValue };
  }
  const bare = readNullableText(value);
  return bare === null ? null : { value: bare, label: bare };
}

export function parseNestedReference(value: unknown): NetboxNestedReference | null {
  if (!isNetboxRecord(value)) return null;
  const id = readId(value.id);
  if (id === null) return null;
  const display = readText(value.display);
  return {
    id,
    name: readText(value.name) || readText(value.model) || display,
    slug: readNullableText(value.slug),
    display,
  };
}

export function parseIpFamily(value: unknown): 4 | 6 | null {
  const family = readNullableNumber(parseChoice(value)?.value);
  return family === 4 || family === 6 ? family : null;
}

export function parseNestedIpAddress(value: unknown): NetboxNestedIpAddress | null {
  if (!isNetboxRecord(value)) return null;
  const id = readId(value.id);
  const address = readText(value.address);
  if (id === null || address === '') return null;
  return {
    id,
    address,
    family: parseIpFamily(value.family) ?? (address.includes(':') ? 6 : 4),
    dnsName: readNullableText(value.dns_name),
  };
}

/** Nested tag objects; bare tag names (webhook snapshots, very old NetBox) are accepted too. */
export function parseNestedTags(value: unknown): NetboxNestedTag[] {
  if (!Array.isArray(value)) return [];
  const tags: NetboxNestedTag[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item !== '') {
      tags.push({ id: null, name: item, slug: item, color: null });
    } else if (isNetboxRecord(item)) {
      const name = readText(item.name) || readText(item.display) || readText(item.slug);
      if (name === '') continue;
      tags.push({
        id: readId(item.id),
        name,
        slug: readText(item.slug) || name,
        color: readNullableText(item.color),
      });
    }
  }
  return tags;
}
