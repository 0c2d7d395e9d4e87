import { type DesiredHost } from '@lib/contracts';
import {
  type ZabbixHost,
  type ZabbixHostFields,
  type ZabbixHostUpdate,
  type ZabbixMonitoring,
} from '@lib/clients';
import { withIdentityTag } from './host-identity';
import { planInterfaces, toInterfaceInput } from './interface-plan';
import { planTemplates } from './template-plan';

/** Zabbix ids for the names a desired host refers to. */
export interface ResolvedReferences {
  readonly groupids: readonly string[];
  readonly templateids: readonly string[];
  readonly monitoring: ZabbixMonitoring;
}

/** Everything host.create needs, in one call, with the identity tag of the NetBox object (`hostKey`). */
export function buildHostFields(
  desired: DesiredHost,
  references: ResolvedReferences,
  hostKey: string,
): ZabbixHostFields {
  return {
    host: desired.host,
    name: desired.name,
    status: desired.status,
    description: desired.description,
    groupids: [...references.groupids],
    templateids: [...references.templateids],
    interfaces: desired.interfaces.map(toInterfaceInput),
    tags: withIdentityTag(
      desired.tags.map(({ tag, value }) => ({ tag, value })),
      hostKey,
    ),
    inventoryMode: desired.inventoryMode,
    inventory: { ...desired.inventory },
    monitoring: references.monitoring,
    tls: {
      connect: desired.tlsConnect,
      accept: desired.tlsAccept,
      ...(desired.tlsPskIdentity !== undefined ? { pskIdentity: desired.tlsPskIdentity } : {}),
      ...(desired.tlsPsk !== undefined ? { psk: desired.tlsPsk } : {}),
    },
  };
}

/**
 * host.update bringing an existing host to the desired state: every field set, groups and tags replaced,
 * interfaces keeping their ids, templates no longer wanted cleared together with their items. The technical
 * and visible names are sent only when they change (a rename): Zabbix checks a name it is given against all
 * other hosts, which fails needlessly while a concurrent duplicate is still being removed.
 */
export function buildHostUpdate(
  existing: ZabbixHost,
  desired: DesiredHost,
  references: ResolvedReferences,
  hostKey: string,
): ZabbixHostUpdate {
  const fields = buildHostFields(desired, references, hostKey);
  const templates = planTemplates(references.templateids, existing.templates);
  return {
    hostid: existing.hostid,
    ...(fields.host !== existing.host ? { host: fields.host } : {}),
    ...(fields.name !== existing.name ? { name: fields.name } : {}),
    status: fields.status,
    description: fields.description,
    groupids: fields.groupids,
    ...(templates.templateids !== undefined ? { templateids: templates.templateids } : {}),
    templateidsToClear: templates.templateidsToClear,
    interfaces: planInterfaces(desired.interfaces, existing.interfaces),
    tags: fields.tags,
    inventoryMode: fields.inventoryMode,
    inventory: fields.inventory,
    monitoring: fields.monitoring,
    tls: fields.tls,
  };
}
