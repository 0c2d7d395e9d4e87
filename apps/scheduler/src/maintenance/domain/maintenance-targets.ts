/** What a maintenance targets (ids): host configs, NetBox sites and clusters, host groups, proxies, proxy groups. */
export interface MaintenanceTargets {
  readonly hostConfigs: readonly number[];
  readonly sites: readonly number[];
  readonly clusters: readonly number[];
  readonly hostGroups: readonly number[];
  readonly proxies: readonly number[];
  readonly proxyGroups: readonly number[];
}

export const TARGET_FIELDS = [
  'hostConfigs',
  'sites',
  'clusters',
  'hostGroups',
  'proxies',
  'proxyGroups',
] as const;

/** A host config as target resolution sees it. */
export interface TargetableHost {
  readonly id: number;
  /** Null while the host is not in Zabbix. */
  readonly hostid: string | null;
  readonly siteId: number | null;
  readonly clusterId: number | null;
  readonly proxyId: number | null;
  readonly proxyGroupId: number | null;
  readonly hostGroupIds: readonly number[];
}

export function hasTargets(targets: MaintenanceTargets): boolean {
  return TARGET_FIELDS.some((field) => targets[field].length > 0);
}

/**
 * The Zabbix host ids a maintenance covers: every host config in Zabbix that is a target itself or belongs
 * to a targeted site, cluster, host group, proxy or proxy group; each once, sorted. (The scheduler runs the
 * same rule as one SQL statement, MaintenanceRepository.resolveTargetHostids; a test holds them equal.)
 */
export function resolveTargetHostids(
  targets: MaintenanceTargets,
  hosts: readonly TargetableHost[],
): string[] {
  const sets = {
    hostConfigs: new Set(targets.hostConfigs),
    sites: new Set(targets.sites),
    clusters: new Set(targets.clusters),
    hostGroups: new Set(targets.hostGroups),
    proxies: new Set(targets.proxies),
    proxyGroups: new Set(targets.proxyGroups),
  };
  const hit = (set: ReadonlySet<number>, id: number | null): boolean => id !== null && set.has(id);
  const hostids = hosts.flatMap((host) =>
    host.hostid !== null &&
    (sets.hostConfigs.has(host.id) ||
      hit(sets.sites, host.siteId) ||
      hit(sets.clusters, host.clusterId) ||
      hit(sets.proxies, host.proxyId) ||
      hit(sets.proxyGroups, host.proxyGroupId) ||
      host.hostGroupIds.some((groupId) => sets.hostGroups.has(groupId)))
      ? [host.hostid]
      : [],
  );
  return [...new Set(hostids)].sort();
}
