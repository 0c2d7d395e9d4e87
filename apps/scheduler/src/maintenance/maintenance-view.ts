import { type MaintenanceRecord } from '@lib/models';
import { maintenanceStatus, type MaintenanceState } from './domain/maintenance-status';
import { type MaintenanceTargets } from './domain/maintenance-targets';

/** A maintenance as the API shows it: status derived when read, the error of a failed last write. */
export interface MaintenanceView extends MaintenanceTargets {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly disableDataCollection: boolean;
  readonly zabbixId: string | null;
  readonly status: MaintenanceState;
  readonly error: string | null;
  readonly lastJobId: string | null;
  /** Its last job is pending or running: changes are refused (409) until it ends. */
  readonly jobInFlight: boolean;
  /** A DELETE is under way (or failed: see status and error). */
  readonly deleteRequested: boolean;
}

export function isJobInFlight(record: MaintenanceRecord): boolean {
  return record.lastJob?.status === 'pending' || record.lastJob?.status === 'running';
}

export function maintenanceView(record: MaintenanceRecord, now: Date): MaintenanceView {
  const { maintenance, lastJob } = record;
  // The job row is the truth for a job the writer never reported on (dead-lettered, or reaped).
  const lastWriteFailed =
    maintenance.status === 'failed' || lastJob?.status === 'failed' || lastJob?.status === 'dead_lettered';
  return {
    id: maintenance.id,
    name: maintenance.name,
    description: maintenance.description,
    startTime: maintenance.startTime.toISOString(),
    endTime: maintenance.endTime.toISOString(),
    disableDataCollection: maintenance.disableDataCollection,
    ...record.targets,
    zabbixId: maintenance.zabbixId,
    status: maintenanceStatus(
      { startTime: maintenance.startTime, endTime: maintenance.endTime, lastWriteFailed },
      now,
    ),
    error: lastWriteFailed ? (maintenance.lastError ?? lastJob?.error ?? 'failed without a message') : null,
    lastJobId: maintenance.lastJobId,
    jobInFlight: isJobInFlight(record),
    deleteRequested: maintenance.deleteRequestedAt !== null,
  };
}
