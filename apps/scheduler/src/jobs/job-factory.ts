import { randomUUID } from 'node:crypto';
import {
  Messages,
  splitHostSecrets,
  type DesiredHost,
  type HostDeleteJobPayload,
  type HostUpsertJobPayload,
} from '@lib/contracts';
import { Job, sealJobSecrets, type HostConfig, type Settings } from '@lib/models';

/** The job row kind of a compare-only job. */
export const CHECK_JOB_KIND = 'CheckZabbixHost';

export interface JobOrigin {
  readonly correlationId: string;
  readonly username: string | null;
}

function newJob(
  kind: string,
  hostConfig: HostConfig,
  origin: JobOrigin,
  subject: string,
  payload: object,
): Job {
  const job = new Job();
  job.id = (payload as { jobId: string }).jobId;
  job.kind = kind;
  job.name = `${kind} ${hostConfig.name}`;
  job.status = 'pending';
  job.hostConfigId = hostConfig.id;
  job.hostKey = `${hostConfig.objectType}:${hostConfig.objectId}`;
  job.revision = hostConfig.desiredRevision;
  job.correlationId = origin.correlationId;
  job.username = origin.username;
  job.subject = subject;
  job.payload = { ...payload };
  job.attempts = 0;
  job.publishedAt = null;
  job.warning = hostConfig.nameCollision === null ? null : `name collision: ${hostConfig.nameCollision}`;
  return job;
}

/**
 * The desired host of a job: its secrets (PSK, SNMP community and passphrases) sealed for this job, so
 * neither the job row nor the message (kept days in the jobs stream, weeks in dead letters) holds them in
 * clear.
 */
function desiredOfJob(
  jobId: string,
  desired: DesiredHost,
): Pick<HostUpsertJobPayload, 'desired' | 'sealedSecrets'> {
  const { visible, secrets } = splitHostSecrets(desired);
  return { desired: visible, ...(secrets ? { sealedSecrets: sealJobSecrets(secrets, jobId) } : {}) };
}

/** A create or update job carrying the full desired host, so the writer needs no database. */
export function upsertJob(hostConfig: HostConfig, desired: DesiredHost, origin: JobOrigin): Job {
  const kind = hostConfig.hostid === null ? 'CreateZabbixHost' : 'UpdateZabbixHost';
  const jobId = randomUUID();
  const payload: HostUpsertJobPayload = {
    jobId,
    kind,
    hostKey: `${hostConfig.objectType}:${hostConfig.objectId}`,
    revision: hostConfig.desiredRevision,
    ...(hostConfig.hostid === null ? {} : { hostid: hostConfig.hostid }),
    ...desiredOfJob(jobId, desired),
  };
  return newJob(kind, hostConfig, origin, Messages.hostUpsertJob.subjectFor(payload), payload);
}

/**
 * A compare-only job (HostConfigSyncRefresh): the writer reads the host, reports how it differs from the
 * desired state, and writes nothing. It is the host's job in flight like any other, so a change arriving
 * meanwhile follows it.
 */
export function checkJob(hostConfig: HostConfig, desired: DesiredHost, origin: JobOrigin): Job {
  const jobId = randomUUID();
  const payload: HostUpsertJobPayload = {
    jobId,
    kind: 'UpdateZabbixHost',
    hostKey: `${hostConfig.objectType}:${hostConfig.objectId}`,
    revision: hostConfig.desiredRevision,
    ...(hostConfig.hostid === null ? {} : { hostid: hostConfig.hostid }),
    ...desiredOfJob(jobId, desired),
    checkOnly: true,
  };
  return newJob(CHECK_JOB_KIND, hostConfig, origin, Messages.hostUpsertJob.subjectFor(payload), payload);
}

/** A delete job: soft (graveyard) or hard, as the settings say. */
export function deleteJob(hostConfig: HostConfig, settings: Settings, origin: JobOrigin): Job {
  const payload: HostDeleteJobPayload = {
    jobId: randomUUID(),
    hostKey: `${hostConfig.objectType}:${hostConfig.objectId}`,
    revision: hostConfig.desiredRevision,
    ...(hostConfig.hostid === null ? {} : { hostid: hostConfig.hostid }),
    host: hostConfig.desiredState?.host ?? hostConfig.name,
    mode: settings.deleteSetting === 'HARD' ? 'hard' : 'soft',
    graveyard: { group: settings.graveyard, suffix: settings.graveyardSuffix },
  };
  return newJob('DeleteZabbixHost', hostConfig, origin, Messages.hostDeleteJob.subjectFor(payload), payload);
}
