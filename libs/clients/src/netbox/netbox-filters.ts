export type NetboxQueryScalar = string | number | boolean;
export type NetboxQueryValue = NetboxQueryScalar | readonly NetboxQueryScalar[] | null | undefined;

/**
 * NetBox query parameters, spelled as NetBox spells them (`site_id`, `tag`, `last_updated__gte`). A list
 * repeats the parameter (`id=1&id=2`: any of them; for `tag`: all of them). null/undefined leave it out.
 */
export interface NetboxQuery {
  readonly [parameter: string]: NetboxQueryValue;
}

export type NetboxIdSelection = number | readonly number[];
export type NetboxTextSelection = string | readonly string[];

/** Filters for devices and virtual machines (any other NetBox filter parameter may be added). */
export interface NetboxHostFilter extends NetboxQuery {
  readonly id?: NetboxIdSelection;
  readonly site_id?: NetboxIdSelection;
  readonly role_id?: NetboxIdSelection;
  readonly platform_id?: NetboxIdSelection;
  readonly tenant_id?: NetboxIdSelection;
  readonly cluster_id?: NetboxIdSelection;
  /** Status values (`active`, `planned`, …). */
  readonly status?: NetboxTextSelection;
  /** Tag slugs: an object must carry all of them. */
  readonly tag?: NetboxTextSelection;
  readonly name?: NetboxTextSelection;
  /** ISO 8601: objects changed at or after this time. */
  readonly last_updated__gte?: string;
}

export interface NetboxInterfaceFilter extends NetboxQuery {
  readonly device_id?: NetboxIdSelection;
  readonly id?: NetboxIdSelection;
}

export interface NetboxVirtualMachineInterfaceFilter extends NetboxQuery {
  readonly virtual_machine_id?: NetboxIdSelection;
  readonly id?: NetboxIdSelection;
}

export interface NetboxIpAddressFilter extends NetboxQuery {
  readonly id?: NetboxIdSelection;
  readonly device_id?: NetboxIdSelection;
  readonly virtual_machine_id?: NetboxIdSelection;
  readonly interface_id?: NetboxIdSelection;
  readonly vminterface_id?: NetboxIdSelection;
}

/** The paging parameters belong to the client: a filter's own values for them are dropped. */
export const NETBOX_PAGING_PARAMETERS: ReadonlySet<string> = new Set(['limit', 'offset', 'start']);

/** A query → URL parameters (lists repeated, booleans as `true`/`false`, paging parameters dropped). */
export function netboxSearchParams(query: NetboxQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [parameter, value] of Object.entries(query)) {
    if (value === null || value === undefined || NETBOX_PAGING_PARAMETERS.has(parameter)) continue;
    const values: readonly NetboxQueryScalar[] = isList(value) ? value : [value];
    for (const item of values) params.append(parameter, String(item));
  }
  return params;
}

/**
 * Splits a long `id` list into queries of at most `maxIds` ids each (long URLs hit proxy and server limits).
 * Returns no query at all when an id parameter (`id`, `*_id`) is an empty list: that selects nothing, while
 * NetBox would ignore the missing parameter and answer with every object.
 */
export function splitIdSelection(query: NetboxQuery, maxIds: number): NetboxQuery[] {
  for (const [parameter, value] of Object.entries(query)) {
    if (isIdParameter(parameter) && isList(value) && value.length === 0) return [];
  }
  const ids = query.id;
  if (!isList(ids) || ids.length <= maxIds) return [query];
  const unique = [...new Set(ids)];
  const queries: NetboxQuery[] = [];
  for (let index = 0; index < unique.length; index += maxIds) {
    queries.push({ ...query, id: unique.slice(index, index + maxIds) });
  }
  return queries;
}

function isIdParameter(parameter: string): boolean {
  return parameter === 'id' || parameter.endsWith('_id');
}

function isList(value: NetboxQueryValue): value is readonly NetboxQueryScalar[] {
  return Array.isArray(value);
}
