import { Logger } from '@nestjs/common';
import { HOST_ARCHIVED_TAG, HOST_IDENTITY_TAG, type HostUpsertJobPayload } from '@lib/contracts';
import { type ZabbixClient, type ZabbixHost } from '@lib/clients';
import {
  buildDeleteJob,
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  hostKeyFor,
  uniqueZabbixTestPrefix,
} from '@lib/testing';
import { deleteJobIdentity, upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { HostDeleteService } from './host-delete.service';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';
import { HostUpsertService, type UpsertRequest } from './host-upsert.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/**
 * Back from the graveyard, against the real Zabbix API: a soft-deleted host whose NetBox object is to be
 * monitored again is restored (same hostid, so its history stays), never a second host beside it, and never
 * the archived host of another object.
 */
describe(`${HostUpsertService.name} (restoring archived hosts)`, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let upserts: HostUpsertService;
  let deletes: HostDeleteService;

  function requestOf(job: HostUpsertJobPayload): UpsertRequest {
    return { job, log: new JobLog(new Logger('test'), `test-${job.jobId}`, upsertJobIdentity(job), 1) };
  }

  /** The job the scheduler sends once the object is monitored again: its host config was forgotten, no hostid. */
  function comeBackJob(label: string, hostKey = hostKeyFor(`${prefix}${label}`)): HostUpsertJobPayload {
    return buildUpsertJob(
      buildDesiredHost(prefix, {
        host: `${prefix}${label}`,
        name: `${prefix}${label} visible`,
        templates: [],
        tags: [
          { tag: 'netbox', value: 'device' },
          { tag: 'Site', value: 'Paris' },
        ],
        inventory: { serialno_a: `SN-${label}` },
      }),
      { hostKey },
    );
  }

  /** A host the writer made for the job's object and then archived (a soft delete). */
  async function archivedHostOf(job: HostUpsertJobPayload): Promise<ZabbixHost> {
    const created = await upserts.upsert(job, requestOf(job).log);
    const remove = buildDeleteJob(job.desired.host, prefix, { hostKey: job.hostKey, hostid: created.hostid });
    const outcome = await deletes.delete(
      remove,
      new JobLog(new Logger('test'), 'test', deleteJobIdentity(remove), 1),
    );
    expect(outcome).toEqual({ operation: 'archived', hostid: created.hostid });
    return readHost(created.hostid ?? '');
  }

  async function readHost(hostid: string): Promise<ZabbixHost> {
    const [host] = await zabbix.getHostsByIds([hostid]);
    if (!host) throw new Error(`host ${hostid} not found`);
    return host;
  }

  function tagsOf(host: ZabbixHost): string[] {
    return host.tags.map(({ tag, value }) => `${tag}=${value}`).sort();
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    const lookup = new HostLookupService(zabbix);
    upserts = new HostUpsertService(zabbix, new HostReferencesService(zabbix), lookup);
    deletes = new HostDeleteService(zabbix, lookup);
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should mark the archived host, keeping its identity tag', async () => {
    const job = comeBackJob('marked');

    const archived = await archivedHostOf(job);

    expect(archived).toMatchObject({ host: `${prefix}marked_archived`, status: 1 });
    expect(tagsOf(archived)).toEqual(
      [
        `${HOST_ARCHIVED_TAG}=${prefix}marked`,
        `${HOST_IDENTITY_TAG}=${job.hostKey}`,
        'Site=Paris',
        'netbox=device',
      ].sort(),
    );
  });

  it('should restore the archived host to its desired state, same hostid and interface, when its object comes back', async () => {
    const job = comeBackJob('back');
    const archived = await archivedHostOf(job);
    const again = comeBackJob('back');

    const outcome = await upserts.upsert(again, requestOf(again).log);

    expect(outcome).toMatchObject({ operation: 'restored', hostid: archived.hostid });
    const restored = await readHost(archived.hostid);
    expect(restored).toMatchObject({
      host: `${prefix}back`,
      name: `${prefix}back visible`,
      status: 0,
      groups: [{ groupid: expect.any(String), name: `${prefix}NetBox` }],
      interfaces: archived.interfaces,
      inventory: expect.objectContaining({ serialno_a: 'SN-back' }),
    });
    expect(tagsOf(restored)).toEqual(
      [`${HOST_IDENTITY_TAG}=${job.hostKey}`, 'Site=Paris', 'netbox=device'].sort(),
    );
    expect(await zabbix.getHostsByTechnicalNames([`${prefix}back`, `${prefix}back_archived`])).toHaveLength(
      1,
    );
  });

  it('should create a host of its own, leaving the archived host of another object with a similar name alone', async () => {
    const other = await archivedHostOf(comeBackJob('twin', hostKeyFor(`${prefix}someone-else`)));
    const job = comeBackJob('twin');

    const outcome = await upserts.upsert(job, requestOf(job).log);

    expect(outcome.operation).toBe('created');
    expect(outcome.hostid).not.toBe(other.hostid);
    expect(await readHost(other.hostid)).toEqual(other);
  });

  it('should restore a batch of archived hosts beside new ones with one host.update and one host.create', async () => {
    const comeBack = ['batch-a', 'batch-b', 'batch-c'].map((label) => comeBackJob(label));
    const archived = await Promise.all(comeBack.map((job) => archivedHostOf(job)));
    const jobs = [
      ...comeBack.map((job) => comeBackJob(job.desired.host.slice(prefix.length))),
      comeBackJob('batch-new'),
    ];
    const before = zabbix.callCounts();

    const settlements = await upserts.upsertAll(jobs.map(requestOf));

    const after = zabbix.callCounts();
    const calls = (method: string): number => (after[method] ?? 0) - (before[method] ?? 0);
    const outcomes = settlements.map((settlement) =>
      settlement.ok ? [settlement.outcome.operation, settlement.outcome.hostid] : [settlement.error],
    );
    expect(outcomes.slice(0, 3)).toEqual(archived.map((host) => ['restored', host.hostid]));
    expect(outcomes[3]?.[0]).toBe('created');
    expect(calls('host.update')).toBe(1);
    expect(calls('host.create')).toBe(1);
    // by identity tags and by names before, by names after the create (concurrent twins)
    expect(calls('host.get')).toBe(3);
    const restored = await zabbix.getHostsByIds(archived.map((host) => host.hostid));
    expect(restored.map((host) => [host.host, host.status]).sort()).toEqual(
      comeBack.map((job) => [job.desired.host, 0]).sort(),
    );
  });
});
