import { type ZabbixClient } from '@lib/clients';

export interface ZabbixCleanupReport {
  readonly maintenances: number;
  readonly hosts: number;
  readonly proxies: number;
  readonly proxyGroups: number;
  readonly hostGroups: number;
  readonly tokens: number;
}

const MINIMUM_PREFIX_LENGTH = 5;
const DELETE_BATCH = 200;

/**
 * Deletes every maintenance, host (archived ones included), proxy, proxy group, host group and API token whose
 * name starts with `prefix`, in the order Zabbix allows (a host cannot go while it is the last member of a
 * maintenance; a proxy or group cannot go while hosts use it). Safe to call more than once.
 */
export async function cleanupZabbixByPrefix(
  client: ZabbixClient,
  prefix: string,
): Promise<ZabbixCleanupReport> {
  if (prefix.length < MINIMUM_PREFIX_LENGTH) {
    throw new Error(`refusing to clean up Zabbix by the short prefix "${prefix}"`);
  }
  const dialect = await client.dialect();

  const maintenanceids = await idsStartingWith(client, 'maintenance.get', 'maintenanceid', ['name'], prefix);
  await deleteInBatches(client, 'maintenance.delete', maintenanceids);

  const groupids = await idsStartingWith(client, 'hostgroup.get', 'groupid', ['name'], prefix);
  // Hosts a test put into its groups under a name without its prefix (a NetBox object it did not name) go too.
  const members = groupids.length ? await memberHostids(client, groupids) : [];
  const hostids = [
    ...new Set([
      ...(await idsStartingWith(client, 'host.get', 'hostid', ['host', 'name'], prefix)),
      ...members,
    ]),
  ];
  await deleteInBatches(client, 'host.delete', hostids);

  const proxyids = await idsStartingWith(client, 'proxy.get', 'proxyid', [dialect.proxyNameField], prefix);
  await deleteInBatches(client, 'proxy.delete', proxyids);

  let proxyGroupids: string[] = [];
  if (dialect.supportsProxyGroups) {
    proxyGroupids = await idsStartingWith(client, 'proxygroup.get', 'proxy_groupid', ['name'], prefix);
    await deleteInBatches(client, 'proxygroup.delete', proxyGroupids);
  }

  await deleteInBatches(client, 'hostgroup.delete', groupids);

  const tokenids = await idsStartingWith(client, 'token.get', 'tokenid', ['name'], prefix);
  await deleteInBatches(client, 'token.delete', tokenids);

  return {
    maintenances: maintenanceids.length,
    hosts: hostids.length,
    proxies: proxyids.length,
    proxyGroups: proxyGroupids.length,
    hostGroups: groupids.length,
    tokens: tokenids.length,
  };
}

/** Search is a case-insensitive LIKE: keep only the objects whose name really starts with the prefix. */
async function idsStartingWith(
  client: ZabbixClient,
  method: string,
  idField: string,
  nameFields: readonly string[],
  prefix: string,
): Promise<string[]> {
  const search = Object.fromEntries(nameFields.map((field) => [field, prefix]));
  const result = await client.call(method, {
    output: [idField, ...nameFields],
    search,
    searchByAny: true,
    startSearch: true,
  });
  if (!Array.isArray(result)) return [];
  const ids: string[] = [];
  for (const item of result as Record<string, unknown>[]) {
    const id = item[idField];
    const matches = nameFields.some((field) => {
      const name = item[field];
      return typeof name === 'string' && name.startsWith(prefix);
    });
    if (typeof id === 'string' && matches) ids.push(id);
  }
  return ids;
}

async function memberHostids(client: ZabbixClient, groupids: readonly string[]): Promise<string[]> {
  const result = await client.call('host.get', { output: ['hostid'], groupids });
  if (!Array.isArray(result)) return [];
  return (result as Record<string, unknown>[]).flatMap((host) =>
    typeof host.hostid === 'string' ? [host.hostid] : [],
  );
}

async function deleteInBatches(client: ZabbixClient, method: string, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    await client.call(method, ids.slice(start, start + DELETE_BATCH));
  }
}
