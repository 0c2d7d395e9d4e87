import { type NetboxHostObjectType } from '@lib/models';
import { technicalHostName } from './desired-host';

export interface NamedObject {
  readonly name: string;
  readonly objectType: NetboxHostObjectType;
  readonly objectId: number;
  /** Site name or slug, when the object has a site. */
  readonly site: string | null;
}

const TYPE_LABELS: Record<NetboxHostObjectType, string> = {
  'dcim.device': 'device',
  'virtualization.virtualmachine': 'vm',
};

/**
 * The name of a host whose NetBox name another object already holds in Zabbix, from the settings' pattern
 * (`{name}`, `{type}`, `{id}`, `{site}`). A pattern without `{id}` gets `-{id}` appended, so the result is
 * unique among objects of one type, and `{type}` tells a device from a VM.
 */
export function duplicateHostName(pattern: string, object: NamedObject): string {
  const withId = pattern.includes('{id}') ? pattern : `${pattern}-{id}`;
  return withId.replace(/\{(name|type|id|site)\}/g, (_match, key: string) => {
    switch (key) {
      case 'name':
        return object.name;
      case 'type':
        return TYPE_LABELS[object.objectType];
      case 'id':
        return String(object.objectId);
      default:
        return object.site ?? '';
    }
  });
}

export interface HostNames {
  readonly host: string;
  readonly name: string;
}

/** Technical and visible names from the duplicate pattern; the technical one limited to what Zabbix takes. */
export function duplicateHostNames(pattern: string, object: NamedObject): HostNames {
  const name = duplicateHostName(pattern, object).trim().slice(0, 128);
  return { host: technicalHostName(name), name };
}

/** One object asking for a Zabbix name in a batch. */
export interface NameRequest extends NamedObject {
  /** `dcim.device:42`: who asks. */
  readonly key: string;
  /** The technical name it would have: its NetBox name, made safe for Zabbix. */
  readonly host: string;
}

export type NameAssignment =
  | { readonly kind: 'assigned'; readonly names: HostNames; readonly collision: string | null }
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * Zabbix technical names are unique, NetBox names are not. Gives each request, in order, its plain name
 * when nobody else holds it (in `holders`, the names already held by other host configs, or earlier in the
 * batch), else the duplicate pattern's names, and says who holds the plain one. `holders` must include the
 * holders of the pattern names too. Unavailable when both are held by others.
 */
export function assignHostNames(
  requests: readonly NameRequest[],
  holders: ReadonlyMap<string, string>,
  pattern: string,
): NameAssignment[] {
  const taken = new Map(holders);
  return requests.map((request) => {
    const holder = taken.get(request.host);
    if (holder === undefined || holder === request.key) {
      taken.set(request.host, request.key);
      return { kind: 'assigned', names: { host: request.host, name: request.name }, collision: null };
    }
    const names = duplicateHostNames(pattern, request);
    const second = taken.get(names.host);
    if (second !== undefined && second !== request.key) {
      return {
        kind: 'unavailable',
        reason:
          `${request.key}: "${request.host}" is held by ${holder} and "${names.host}" by ${second}; ` +
          'change the duplicate name pattern',
      };
    }
    taken.set(names.host, request.key);
    return {
      kind: 'assigned',
      names,
      collision: `"${request.host}" is held in Zabbix by ${holder}; this host is "${names.host}"`,
    };
  });
}
