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
