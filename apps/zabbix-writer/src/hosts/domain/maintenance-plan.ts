import { type ZabbixMaintenance } from '@lib/clients';

/**
 * The maintenances that would be left without any member if the host were deleted: Zabbix refuses host.delete
 * for those ("maintenance must contain at least one host or host group"), so they are deleted first. A
 * maintenance with other hosts or with host groups needs nothing: host.delete takes the host out of it.
 */
export function maintenancesEmptiedBy(
  hostid: string,
  maintenances: readonly ZabbixMaintenance[],
): ZabbixMaintenance[] {
  return maintenances.filter(
    (maintenance) =>
      maintenance.groupids.length === 0 &&
      maintenance.hostids.includes(hostid) &&
      maintenance.hostids.every((member) => member === hostid),
  );
}
