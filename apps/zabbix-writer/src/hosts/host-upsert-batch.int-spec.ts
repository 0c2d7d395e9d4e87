import { Logger } from '@nestjs/common';
import { type DesiredHost, type HostUpsertJobPayload } from '@lib/contracts';
import { ZabbixApiError, type ZabbixClient } from '@lib/clients';
import {
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  hostKeyFor,
  uniqueZabbixTestPrefix,
} from '@lib/testing';
import { upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { HostIdentityConflictError } from './domain/host-identity-conflict.error';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';
import { HostUpsertService, type JobSettlement, type UpsertRequest } from './host-upsert.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/** Batches against the real Zabbix API, counting the calls the writer's client sends. */
describe(`${HostUpsertService.name} (batches)`, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let service: HostUpsertService;

  function requestOf(job: HostUpsertJobPayload): UpsertRequest {
    return { job, log: new JobLog(new Logger('test'), `test-${job.jobId}`, upsertJobIdentity(job), 1) };
  }

  function desiredHosts(label: string, count: number): DesiredHost[] {
    return Array.from({ length: count }, (_, index) =>
      buildDesiredHost(prefix, {
        host: `${prefix}${label}-${index}`,
        name: `${prefix}${label} ${index}`,
        interfaces: [
          { kind: 'agent', main: true, useIp: true, ip: `192.0.2.${index + 1}`, dns: '', port: 10050 },
        ],
      }),
    );
  }

  /** Runs the batch and returns its settlements with the calls it made, per method. */
  async function run(jobs: readonly HostUpsertJobPayload[]): Promise<{
    settlements: JobSettlement[];
    calls: Record<string, number>;
  }> {
    const before = zabbix.callCounts();
    const settlements = await service.upsertAll(jobs.map(requestOf));
    const after = zabbix.callCounts();
    const calls = Object.fromEntries(
      Object.entries(after)
        .map(([method, count]) => [method, count - (before[method] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
    return { settlements, calls };
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    service = new HostUpsertService(
      zabbix,
      new HostReferencesService(zabbix, 10_000),
      new HostLookupService(zabbix),
    );
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should create a batch of hosts with one host.create and three host.get (look-up, twins)', async () => {
    const jobs = desiredHosts('many', 10).map((desired) => buildUpsertJob(desired));

    const { settlements, calls } = await run(jobs);

    expect(settlements.map((settlement) => settlement.ok && settlement.outcome.operation)).toEqual(
      jobs.map(() => 'created'),
    );
    expect(calls['host.create']).toBe(1);
    // by identity tags and by names before, by names after (concurrent twins)
    expect(calls['host.get']).toBe(3);
    const hosts = await zabbix.getHostsByTechnicalNames(jobs.map((job) => job.desired.host));
    expect(hosts).toHaveLength(10);
    expect(hosts.every((host) => host.templates.some((template) => template.name === 'ICMP Ping'))).toBe(
      true,
    );
  });

  it('should fail only the host Zabbix rejects and the one owned by another object; the rest are created', async () => {
    const [owner] = desiredHosts('owned', 1);
    if (!owner) throw new Error('no desired host');
    const ownerKey = hostKeyFor(`${prefix}someone-else`);
    const [ownersJob] = (await run([buildUpsertJob(owner, { hostKey: ownerKey })])).settlements;
    expect(ownersJob).toMatchObject({ ok: true, outcome: { operation: 'created' } });
    const good = desiredHosts('mixed', 8);
    const rejected = buildDesiredHost(prefix, { host: `${prefix}bad/name`, name: `${prefix}Bad name` });
    const jobs = [
      ...good.slice(0, 3).map((desired) => buildUpsertJob(desired)),
      buildUpsertJob(rejected),
      buildUpsertJob(owner),
      ...good.slice(3).map((desired) => buildUpsertJob(desired)),
    ];

    const { settlements, calls } = await run(jobs);

    const failures = settlements.flatMap((settlement, index) =>
      settlement.ok ? [] : [[index, settlement.error]],
    );
    expect(failures).toEqual([
      [3, expect.any(ZabbixApiError)],
      [4, expect.any(HostIdentityConflictError)],
    ]);
    expect(
      settlements.filter((settlement) => settlement.ok && settlement.outcome.operation === 'created'),
    ).toHaveLength(8);
    expect(calls['host.create']).toBeGreaterThan(1);
    expect(calls['host.create']).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(9)));
    expect(await zabbix.getHostsByTechnicalNames(good.map((desired) => desired.host))).toHaveLength(8);
    expect(await zabbix.getHostsByTechnicalNames([rejected.host])).toEqual([]);
  });

  it('should write nothing for a batch of hosts already as desired, and update only the one that changed', async () => {
    const desireds = desiredHosts('same', 5);
    const created = await run(desireds.map((desired) => buildUpsertJob(desired)));
    const hostids = created.settlements.map((settlement) =>
      settlement.ok ? settlement.outcome.hostid : undefined,
    );
    const updates = (changed: number | undefined) =>
      desireds.map((desired, index) =>
        buildUpsertJob(index === changed ? { ...desired, description: 'changed' } : desired, {
          kind: 'UpdateZabbixHost',
          hostid: hostids[index],
          revision: 2,
        }),
      );

    const unchanged = await run(updates(undefined));
    const oneChanged = await run(updates(2));

    expect(unchanged.settlements).toEqual(
      hostids.map((hostid) => ({ ok: true, outcome: { operation: 'updated', hostid, differences: [] } })),
    );
    expect(unchanged.calls).toEqual({ 'host.get': 1 });
    expect(oneChanged.calls).toEqual({ 'host.get': 1, 'host.update': 1 });
    expect(oneChanged.settlements[2]).toMatchObject({ outcome: { differences: ['description'] } });
    const [host] = await zabbix.getHostsByIds([hostids[2] ?? '']);
    expect(host?.description).toBe('changed');
  });

  it('should write a batch of updates with one host.update array, each host exactly as its own job says', async () => {
    const desireds = desiredHosts('upd', 6);
    const created = await run(desireds.map((desired) => buildUpsertJob(desired)));
    const hostids = created.settlements.map((settlement) =>
      settlement.ok ? settlement.outcome.hostid : undefined,
    );
    const changed: DesiredHost[] = desireds.map((desired, index) => {
      switch (index) {
        case 0:
          return { ...desired, description: 'changed' };
        case 1:
          return { ...desired, tags: [{ tag: 'Role', value: 'edge router' }] };
        case 2:
          return {
            ...desired,
            interfaces: [
              { kind: 'agent', main: true, useIp: true, ip: '198.51.100.7', dns: '', port: 10050 },
            ],
          };
        case 3:
          return { ...desired, inventory: { serialno_a: 'SN-changed' } };
        case 4:
          return { ...desired, templates: [] };
        default:
          return desired;
      }
    });
    const jobs = changed.map((desired, index) =>
      buildUpsertJob(desired, { kind: 'UpdateZabbixHost', hostid: hostids[index], revision: 2 }),
    );

    const { settlements, calls } = await run(jobs);

    expect(settlements.map((settlement) => settlement.ok && settlement.outcome.differences)).toEqual([
      ['description'],
      ['tags'],
      ['interfaces'],
      ['inventory'],
      ['templates'],
      [],
    ]);
    expect(calls).toEqual({ 'host.get': 1, 'host.update': 1 });
    const hosts = await zabbix.getHostsByIds(hostids.map((hostid) => hostid ?? ''));
    const byId = (index: number) => hosts.find((host) => host.hostid === hostids[index]);
    hosts.forEach((host) => {
      const index = hostids.indexOf(host.hostid);
      const job = jobs[index];
      expect(new Set(host.tags.map(({ tag, value }) => `${tag}=${value}`))).toEqual(
        new Set([
          ...(changed[index]?.tags ?? []).map(({ tag, value }) => `${tag}=${value}`),
          `netbox-object=${job?.hostKey}`,
        ]),
      );
    });
    expect(byId(0)?.description).toBe('changed');
    expect(byId(1)?.description).toBe(desireds[1]?.description);
    expect(byId(2)?.interfaces.map(({ ip }) => ip)).toEqual(['198.51.100.7']);
    expect(byId(3)?.interfaces.map(({ ip }) => ip)).toEqual(['192.0.2.4']);
    expect(byId(3)?.inventory.serialno_a).toBe('SN-changed');
    expect(byId(2)?.inventory.serialno_a).toBe('SN-0001');
    expect(byId(4)?.templates).toEqual([]);
    expect(byId(5)?.templates.map(({ name }) => name)).toEqual(['ICMP Ping']);
    const again = await run(jobs);
    expect(again.calls).toEqual({ 'host.get': 1 });
  });

  it('should fail only the host Zabbix rejects in an update array; the others are updated', async () => {
    const desireds = desiredHosts('upd-mixed', 8);
    const created = await run(desireds.map((desired) => buildUpsertJob(desired)));
    const hostids = created.settlements.map((settlement) =>
      settlement.ok ? settlement.outcome.hostid : undefined,
    );
    const jobs = desireds.map((desired, index) =>
      buildUpsertJob(
        index === 5
          ? { ...desired, host: `${prefix}upd-bad/name`, description: 'renamed' }
          : { ...desired, description: 'renamed' },
        { kind: 'UpdateZabbixHost', hostid: hostids[index], revision: 2, hostKey: hostKeyFor(desired.host) },
      ),
    );

    const { settlements, calls } = await run(jobs);

    const failures = settlements.flatMap((settlement, index) =>
      settlement.ok ? [] : [[index, settlement.error]],
    );
    expect(failures).toEqual([[5, expect.any(ZabbixApiError)]]);
    expect(calls['host.update']).toBeGreaterThan(1);
    expect(calls['host.update']).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(8)));
    const hosts = await zabbix.getHostsByIds(hostids.map((hostid) => hostid ?? ''));
    expect(
      hosts
        .map((host) => [host.host, host.description])
        .sort(([left = ''], [right = '']) => left.localeCompare(right)),
    ).toEqual(
      desireds
        .map((desired, index) => [desired.host, index === 5 ? desired.description : 'renamed'])
        .sort(([left = ''], [right = '']) => left.localeCompare(right)),
    );
  });

  it('should compare without writing when the jobs are compare-only, and say what differs', async () => {
    const desireds = [0, 1, 2].map((index) =>
      buildDesiredHost(prefix, { host: `${prefix}check-${index}`, name: `${prefix}Check ${index}` }),
    );
    const created = await run(desireds.map((desired) => buildUpsertJob(desired)));
    const hostids = created.settlements.map((settlement) =>
      settlement.ok ? settlement.outcome.hostid : undefined,
    );
    const absent = buildDesiredHost(prefix, { host: `${prefix}check-absent`, name: `${prefix}Check absent` });

    const checked = await run([
      ...desireds.map((desired, index) =>
        buildUpsertJob(index === 1 ? { ...desired, description: 'drifted' } : desired, {
          kind: 'UpdateZabbixHost',
          hostid: hostids[index],
          revision: 2,
          checkOnly: true,
        }),
      ),
      buildUpsertJob(absent, { kind: 'UpdateZabbixHost', revision: 2, checkOnly: true }),
    ]);

    expect(checked.settlements.map((settlement) => settlement.ok && settlement.outcome)).toEqual([
      { operation: 'checked', hostid: hostids[0], differences: [] },
      { operation: 'checked', hostid: hostids[1], differences: ['description'] },
      { operation: 'checked', hostid: hostids[2], differences: [] },
      { operation: 'checked', differences: ['missing'] },
    ]);
    expect(Object.keys(checked.calls).filter((method) => method !== 'host.get')).toEqual([]);
    expect(await zabbix.getHostsByTechnicalNames([absent.host])).toEqual([]);
  });
});
