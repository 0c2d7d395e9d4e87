import { compareZabbixIds, type ZabbixHost } from '@lib/clients';

export interface Twins {
  /** The host every writer keeps: the smallest id. */
  readonly keeper: ZabbixHost;
  /** The others with the same technical name, to delete. */
  readonly extras: ZabbixHost[];
}

/**
 * Zabbix checks host names in PHP, without a unique index: two writers creating the same host at the same
 * moment can both succeed. Whoever notices keeps the host with the smallest id and removes the rest, so all
 * of them converge on one host. Undefined when there is no host at all.
 */
export function splitTwins(hosts: readonly ZabbixHost[]): Twins | undefined {
  const [keeper, ...extras] = [...hosts].sort((left, right) => compareZabbixIds(left.hostid, right.hostid));
  return keeper ? { keeper, extras } : undefined;
}
