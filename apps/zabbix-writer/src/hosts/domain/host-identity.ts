import { HOST_IDENTITY_TAG } from '@lib/contracts';
import { type ZabbixTag } from '@lib/clients';

/** Whose a Zabbix host is, read from its identity tag. */
export type HostOwnership =
  | { readonly kind: 'ours' }
  /** No identity tag: made by hand or by another tool; ours to adopt. */
  | { readonly kind: 'unclaimed' }
  | { readonly kind: 'foreign'; readonly owner: string };

/** The identity tag a host of this NetBox object carries. */
export function identityTag(hostKey: string): ZabbixTag {
  return { tag: HOST_IDENTITY_TAG, value: hostKey };
}

export function ownershipOf(tags: readonly ZabbixTag[], hostKey: string): HostOwnership {
  const owners = tags.filter((tag) => tag.tag === HOST_IDENTITY_TAG).map((tag) => tag.value);
  if (owners.includes(hostKey)) return { kind: 'ours' };
  const [owner] = owners;
  return owner === undefined ? { kind: 'unclaimed' } : { kind: 'foreign', owner };
}

/** The desired tags with the identity tag of `hostKey` in place of any the mappings produced under its name. */
export function withIdentityTag(tags: readonly ZabbixTag[], hostKey: string): ZabbixTag[] {
  return [...tags.filter((tag) => tag.tag !== HOST_IDENTITY_TAG), identityTag(hostKey)];
}
