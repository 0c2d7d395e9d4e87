import {
  ZabbixInterfaceType,
  type ZabbixHost,
  type ZabbixHostInterface,
  type ZabbixHostUpdate,
  type ZabbixInterfaceInput,
  type ZabbixMonitoring,
  type ZabbixSnmpDetails,
  type ZabbixTag,
} from '@lib/clients';

/** TLS `connect` 2 and `accept` bit 2: a pre-shared key, which Zabbix never returns. */
const TLS_PSK = 2;

/** A part of a host that a host.update would change. */
export type HostChange =
  | 'host'
  | 'name'
  | 'status'
  | 'description'
  | 'groups'
  | 'templates'
  | 'interfaces'
  | 'tags'
  | 'inventory'
  | 'monitoring'
  | 'tls';

/**
 * What `update` (from buildHostUpdate) would change on `existing`, as read by host.get; empty when the host
 * already is in the desired state and the update can be skipped. Whatever cannot be read back (a PSK, an
 * SNMP passphrase Zabbix does not return) counts as changed: a skip must never leave a host wrong.
 */
export function hostChanges(existing: ZabbixHost, update: ZabbixHostUpdate): HostChange[] {
  const changes: HostChange[] = [];
  const differs = (change: HostChange, same: boolean): void => {
    if (!same) changes.push(change);
  };
  differs('host', update.host === undefined || update.host === existing.host);
  differs('name', update.name === undefined || update.name === existing.name);
  differs('status', update.status === undefined || update.status === existing.status);
  differs('description', update.description === undefined || update.description === existing.description);
  differs(
    'groups',
    update.groupids === undefined ||
      sameSet(
        update.groupids,
        existing.groups.map((group) => group.groupid),
      ),
  );
  differs('templates', update.templateids === undefined && (update.templateidsToClear ?? []).length === 0);
  differs(
    'interfaces',
    update.interfaces === undefined || sameInterfaces(update.interfaces, existing.interfaces),
  );
  differs('tags', update.tags === undefined || sameSet(update.tags.map(tagKey), existing.tags.map(tagKey)));
  differs('inventory', sameInventory(update, existing));
  differs(
    'monitoring',
    update.monitoring === undefined || sameMonitoring(update.monitoring, existing.monitoring),
  );
  differs(
    'tls',
    update.tls === undefined ||
      (update.tls.connect !== TLS_PSK &&
        (update.tls.accept & TLS_PSK) === 0 &&
        update.tls.connect === existing.tlsConnect &&
        update.tls.accept === existing.tlsAccept),
  );
  return changes;
}

/**
 * The update cut down to the parts that differ (`changes`, from hostChanges): what Zabbix then checks and
 * rewrites is only what changed (a host.update of 100 hosts' tags alone takes about a third of the time of
 * the full update). Whatever hostChanges cannot read back already counts as changed, so the cut never
 * leaves a part wrong that the full update would have fixed.
 */
export function changedPartsOf(update: ZabbixHostUpdate, changes: readonly HostChange[]): ZabbixHostUpdate {
  const changed = new Set(changes);
  const part = <Key extends keyof ZabbixHostUpdate>(
    change: HostChange,
    key: Key,
  ): Partial<Pick<ZabbixHostUpdate, Key>> =>
    changed.has(change) && update[key] !== undefined
      ? ({ [key]: update[key] } as Partial<Pick<ZabbixHostUpdate, Key>>)
      : {};
  return {
    hostid: update.hostid,
    ...part('host', 'host'),
    ...part('name', 'name'),
    ...part('status', 'status'),
    ...part('description', 'description'),
    ...part('groups', 'groupids'),
    ...part('templates', 'templateids'),
    ...part('templates', 'templateidsToClear'),
    ...part('interfaces', 'interfaces'),
    ...part('tags', 'tags'),
    ...part('inventory', 'inventoryMode'),
    ...part('inventory', 'inventory'),
    ...part('monitoring', 'monitoring'),
    ...part('tls', 'tls'),
  };
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  const sortedLeft = [...left].sort();
  const sortedRight = [...right].sort();
  return (
    sortedLeft.length === sortedRight.length &&
    sortedLeft.every((value, index) => value === sortedRight[index])
  );
}

function tagKey(tag: ZabbixTag): string {
  return JSON.stringify([tag.tag, tag.value]);
}

/** host.update sets only the inventory fields it is given: the others are not compared. */
function sameInventory(update: ZabbixHostUpdate, existing: ZabbixHost): boolean {
  if (update.inventoryMode !== undefined && update.inventoryMode !== existing.inventoryMode) return false;
  const mode = update.inventoryMode ?? existing.inventoryMode;
  if (mode === -1 || update.inventory === undefined) return true;
  return Object.entries(update.inventory).every(
    ([field, value]) => (existing.inventory[field] ?? '') === value,
  );
}

function sameMonitoring(desired: ZabbixMonitoring, existing: ZabbixMonitoring): boolean {
  switch (desired.monitoredBy) {
    case 'server':
      return existing.monitoredBy === 'server';
    case 'proxy':
      return existing.monitoredBy === 'proxy' && existing.proxyid === desired.proxyid;
    case 'proxy_group':
      return existing.monitoredBy === 'proxy_group' && existing.proxyGroupid === desired.proxyGroupid;
  }
}

/** The update's list replaces the host's: same length, and each one keeps an existing id with equal fields. */
function sameInterfaces(
  planned: readonly ZabbixInterfaceInput[],
  existing: readonly ZabbixHostInterface[],
): boolean {
  if (planned.length !== existing.length) return false;
  return planned.every((input) => {
    const current = existing.find((candidate) => candidate.interfaceid === input.interfaceid);
    return (
      input.interfaceid !== undefined &&
      current !== undefined &&
      current.type === input.type &&
      current.main === input.main &&
      current.useIp === input.useIp &&
      current.ip === input.ip &&
      current.dns === input.dns &&
      current.port === input.port &&
      (input.type !== ZabbixInterfaceType.snmp || sameSnmp(input.snmp, current.snmp))
    );
  });
}

/**
 * The SNMP fields Zabbix stores for the version, as the dialect sends them (absent text as ''). Repetitions
 * only where Zabbix reports them (6.4+). Passphrases are compared as read: where Zabbix hides them, the
 * interface counts as changed.
 */
function sameSnmp(desired: ZabbixSnmpDetails | undefined, existing: ZabbixSnmpDetails | undefined): boolean {
  if (!desired || !existing) return false;
  if (desired.version !== existing.version || desired.bulk !== existing.bulk) return false;
  if (existing.maxRepetitions !== undefined && desired.maxRepetitions !== existing.maxRepetitions)
    return false;
  if (desired.version !== 3) return (desired.community ?? '') === (existing.community ?? '');
  const level = desired.securityLevel ?? 0;
  const text = (value: string | undefined): string => value ?? '';
  return (
    text(desired.securityName) === text(existing.securityName) &&
    text(desired.contextName) === text(existing.contextName) &&
    level === (existing.securityLevel ?? 0) &&
    (level < 1 ||
      ((desired.authProtocol ?? 0) === (existing.authProtocol ?? 0) &&
        text(desired.authPassphrase) === text(existing.authPassphrase))) &&
    (level < 2 ||
      ((desired.privProtocol ?? 0) === (existing.privProtocol ?? 0) &&
        text(desired.privPassphrase) === text(existing.privPassphrase)))
  );
}
