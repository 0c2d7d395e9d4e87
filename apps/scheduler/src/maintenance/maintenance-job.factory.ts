import { randomUUID } from 'node:crypto';
import {
  maintenanceKey,
  Messages,
  type MaintenanceJobKind,
  type MaintenanceJobPayload,
} from '@lib/contracts';
import { Job, type Maintenance } from '@lib/models';
import { zabbixWindow } from './domain/maintenance-window';

/** A job row (the outbox) carrying the whole maintenance, its targets resolved to Zabbix host ids. */
export function maintenanceJob(
  kind: MaintenanceJobKind,
  maintenance: Maintenance,
  hostids: readonly string[],
  username: string | null,
): Job {
  const window = zabbixWindow(maintenance.startTime, maintenance.endTime);
  const payload: MaintenanceJobPayload = {
    jobId: randomUUID(),
    kind,
    maintenanceId: maintenance.id,
    revision: maintenance.revision,
    ...(maintenance.zabbixId === null ? {} : { maintenanceid: maintenance.zabbixId }),
    name: maintenance.name,
    description: maintenance.description,
    activeSince: window.activeSince,
    activeTill: window.activeTill,
    disableDataCollection: maintenance.disableDataCollection,
    hostids: [...hostids],
  };
  const job = new Job();
  job.id = payload.jobId;
  job.kind = kind;
  job.name = `${kind} ${maintenance.name}`.slice(0, 255);
  job.status = 'pending';
  job.hostConfigId = null;
  job.hostKey = maintenanceKey(maintenance.id);
  job.revision = maintenance.revision;
  job.correlationId = payload.jobId;
  job.username = username;
  job.subject = Messages.maintenanceJob.subjectFor(payload);
  job.payload = { ...payload };
  job.attempts = 0;
  job.publishedAt = null;
  job.warning = null;
  job.trigger = 'api';
  return job;
}
