import { type MaintenanceJobPayload } from '@lib/contracts';
import { type ZabbixMaintenanceSpec } from '@lib/clients';

/**
 * Every Zabbix maintenance the bridge writes ends its description with `[nbzb-maintenance:<id>]`, the id of
 * the bridge's maintenance row. A maintenance found by name is adopted only when it carries our marker for
 * the same id; one made by hand (or for another of our maintenances) is never touched.
 */
const MARKER_PATTERN = /\[nbzb-maintenance:(\d+)\]\s*$/;

export function identityMarker(maintenanceId: number): string {
  return `[nbzb-maintenance:${maintenanceId}]`;
}

/** The description written to Zabbix: the operator's text, then the marker on a line of its own. */
export function markedDescription(description: string, maintenanceId: number): string {
  const text = description.trim();
  return text === '' ? identityMarker(maintenanceId) : `${text}\n\n${identityMarker(maintenanceId)}`;
}

/** The bridge maintenance id a Zabbix description names, or null when it carries no marker. */
export function markedOwner(description: string): number | null {
  const match = MARKER_PATTERN.exec(description);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The Zabbix maintenance a create or update job describes. */
export function maintenanceSpecOf(job: MaintenanceJobPayload): ZabbixMaintenanceSpec {
  return {
    name: job.name,
    description: markedDescription(job.description, job.maintenanceId),
    activeSince: job.activeSince,
    activeTill: job.activeTill,
    collectsData: !job.disableDataCollection,
    hostids: [...new Set(job.hostids)],
  };
}
