import { randomUUID } from 'node:crypto';
import {
  HOST_CHECK_JOB_KIND,
  hostCheckKey,
  Messages,
  splitHostSecrets,
  type DesiredHost,
  type HostCheckJobPayload,
  type HostDeleteJobPayload,
  type HostUpsertJobPayload,
} from '@lib/contracts';
import { Job, sealJobSecrets, type HostConfig, type Settings } from '@lib/models';

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
 * A compare-only job for a batch of hosts (HostConfigSyncRefresh): the writer reads them, reports how each
 * differs from its desired state, and writes nothing. It is the job in flight of each of its hosts (their
 * `activeJobId`), so a change arriving meanwhile follows it. The row names no single host.
 */
export function checkBatchJob(
  hosts: readonly { readonly hostConfig: HostConfig; readonly desired: DesiredHost }[],
  origin: JobOrigin,
): Job {
  const jobId = randomUUID();
  const payload: HostCheckJobPayload = {
    jobId,
    revision: 1,
    hosts: hosts.map(({ hostConfig, desired }) => ({
      hostKey: `${hostConfig.objectType}:${hostConfig.objectId}`,
      revision: hostConfig.desiredRevision,
      ...(hostConfig.hostid === null ? {} : { hostid: hostConfig.hostid }),
      ...desiredOfJob(jobId, desired),
    })),
  };
  const job = new Job();
  job.id = payload.jobId;
  job.kind = HOST_CHECK_JOB_KIND;
  job.name = `${HOST_CHECK_JOB_KIND} ${hosts.length} host(s)`;
  job.status = 'pending';
  job.hostConfigId = null;
  job.hostKey = hostCheckKey(hosts.length);
  job.revision = null;
  job.correlationId = origin.correlationId;
  job.username = origin.username;
  job.subject = Messages.hostCheckJob.subjectFor(payload);
  job.payload = { ...payload };
  job.attempts = 0;
  job.publishedAt = null;
  job.warning = null;
  return job;
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
