import { type NetboxEventPayload } from '@lib/contracts';
import { type NetboxHostObjectType } from '@lib/models';

/** Host config columns that record which NetBox objects a desired host was built from. */
export type ReferenceColumn = 'siteId' | 'roleId' | 'platformId' | 'clusterId' | 'primaryIpId' | 'tagIds';

/**
 * What a NetBox event asks the scheduler to re-evaluate.
 * - `host`: one device or VM; `removed` when NetBox deleted it.
 * - `referencing`: every host config whose `column` holds `id` (a site renamed, a tag deleted …).
 * - `everything`: every host config (a custom field definition changed).
 */
export type Trigger =
  | {
      readonly kind: 'host';
      readonly objectType: NetboxHostObjectType;
      readonly objectId: number;
      readonly removed: boolean;
    }
  | { readonly kind: 'referencing'; readonly column: ReferenceColumn; readonly id: number }
  | { readonly kind: 'everything'; readonly reason: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (isObject(value) && typeof value.id === 'number') return value.id;
  return null;
}

function host(objectType: NetboxHostObjectType, objectId: number | null): Trigger[] {
  return objectId === null ? [] : [{ kind: 'host', objectType, objectId, removed: false }];
}

/** The device or VM an interface (or an IP's assigned interface) belongs to, from serializer or snapshot. */
function parentOfInterface(interfaceObject: unknown, interfaceType: string | null): Trigger[] {
  if (!isObject(interfaceObject)) return [];
  const device = idOf(interfaceObject.device);
  const virtualMachine = idOf(interfaceObject.virtual_machine);
  if (device !== null && interfaceType !== 'virtualization.vminterface') return host('dcim.device', device);
  if (virtualMachine !== null) return host('virtualization.virtualmachine', virtualMachine);
  return [];
}

function ipAddressTriggers(event: NetboxEventPayload): Trigger[] {
  const triggers: Trigger[] = [{ kind: 'referencing', column: 'primaryIpId', id: event.objectId }];
  for (const state of [event.data, event.prechange, event.postchange]) {
    if (!isObject(state)) continue;
    const assignedType = typeof state.assigned_object_type === 'string' ? state.assigned_object_type : null;
    triggers.push(...parentOfInterface(state.assigned_object, assignedType));
  }
  return triggers;
}

const REFERENCE_COLUMNS: Readonly<Record<string, ReferenceColumn>> = {
  'dcim.site': 'siteId',
  'dcim.devicerole': 'roleId',
  'dcim.platform': 'platformId',
  'virtualization.cluster': 'clusterId',
  'extras.tag': 'tagIds',
};

/**
 * Which hosts a NetBox event affects. Events are triggers only: the hosts they name are re-read from
 * NetBox's current state where the REST API is configured, so events arriving late, twice or out of order
 * still converge on what NetBox holds now.
 */
export function triggersFor(event: NetboxEventPayload): Trigger[] {
  const triggers = ((): Trigger[] => {
    switch (event.objectType) {
      case 'dcim.device':
      case 'virtualization.virtualmachine':
        return [
          {
            kind: 'host',
            objectType: event.objectType,
            objectId: event.objectId,
            removed: event.action === 'deleted',
          },
        ];
      case 'dcim.interface':
      case 'virtualization.vminterface':
        return [event.data, event.prechange, event.postchange].flatMap((state) =>
          parentOfInterface(state, event.objectType),
        );
      case 'ipam.ipaddress':
        return ipAddressTriggers(event);
      case 'extras.customfield':
        return [{ kind: 'everything', reason: `custom field #${event.objectId} ${event.action}` }];
      default: {
        const column = REFERENCE_COLUMNS[event.objectType];
        return column ? [{ kind: 'referencing', column, id: event.objectId }] : [];
      }
    }
  })();
  return deduplicate(triggers);
}

function deduplicate(triggers: Trigger[]): Trigger[] {
  const seen = new Set<string>();
  return triggers.filter((trigger) => {
    const key = JSON.stringify(trigger);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
