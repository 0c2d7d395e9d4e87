import { type MaintenanceJobPayload } from '@lib/contracts';
import { Job, Maintenance, MaintenanceRepository } from '@lib/models';
import { waitFor } from '@lib/testing';
import { SchedulerHarness, type AnyJob } from '../../test/scheduler-harness';
import {
  resolveTargetHostids,
  type MaintenanceTargets,
  type TargetableHost,
} from './domain/maintenance-targets';
import { MaintenanceService } from './maintenance.service';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

interface Response {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The management API and the maintenance jobs against real PostgreSQL and NATS; the test plays the writer. */
describe(MaintenanceService.name, () => {
  let harness: SchedulerHarness;
  let url: string;

  const NONE: MaintenanceTargets = {
    hostConfigs: [],
    sites: [],
    clusters: [],
    hostGroups: [],
    proxies: [],
    proxyGroups: [],
  };

  /** Host configs 901–905 (hostids 20001–20004; 905 not in Zabbix), host groups 901–902, proxy 901, proxy group 901. */
  const HOSTS: TargetableHost[] = [
    {
      id: 901,
      hostid: '20001',
      siteId: 100,
      clusterId: null,
      proxyId: null,
      proxyGroupId: null,
      hostGroupIds: [901],
    },
    {
      id: 902,
      hostid: '20002',
      siteId: 100,
      clusterId: null,
      proxyId: 901,
      proxyGroupId: null,
      hostGroupIds: [],
    },
    {
      id: 903,
      hostid: '20003',
      siteId: 101,
      clusterId: 500,
      proxyId: null,
      proxyGroupId: 901,
      hostGroupIds: [902],
    },
    {
      id: 904,
      hostid: '20004',
      siteId: null,
      clusterId: 500,
      proxyId: null,
      proxyGroupId: null,
      hostGroupIds: [901, 902],
    },
    {
      id: 905,
      hostid: null,
      siteId: 100,
      clusterId: 500,
      proxyId: 901,
      proxyGroupId: 901,
      hostGroupIds: [901],
    },
  ];

  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function nextMaintenanceJob(): Promise<MaintenanceJobPayload> {
    return harness.nextMaintenanceJob();
  }

  async function report(
    job: MaintenanceJobPayload,
    outcome: 'started' | 'succeeded' | 'failed',
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await harness.report(job as unknown as AnyJob, outcome, {
      kind: job.kind,
      hostKey: `maintenance:${job.maintenanceId}`,
      ...extra,
    });
  }

  async function jobEnded(jobId: string): Promise<Job> {
    return waitFor(async () => {
      const job = await harness.dataSource.getRepository(Job).findOneBy({ id: jobId });
      return job && job.status !== 'pending' && job.status !== 'running' ? job : undefined;
    }, `job ${jobId} ended`);
  }

  function window(startInHours: number, hours: number): { startTime: string; endTime: string } {
    const start = Date.now() + startInHours * HOUR;
    return {
      startTime: new Date(start).toISOString(),
      endTime: new Date(start + hours * HOUR).toISOString(),
    };
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start();
    await harness.app.listen(0, '127.0.0.1');
    url = (await harness.app.getUrl()).replace('[::1]', '127.0.0.1');
    const query = (sql: string) => harness.dataSource.query(sql);
    await query(`INSERT INTO host_group (id, name) VALUES (901, 'mt-a'), (902, 'mt-b')`);
    await query(`INSERT INTO proxy_group (id, name) VALUES (901, 'mt-pg')`);
    await query(`INSERT INTO proxy (id, name) VALUES (901, 'mt-proxy')`);
    for (const host of HOSTS) {
      await harness.dataSource.query(
        `INSERT INTO host_config (id, name, hostid, object_type, object_id, site_id, cluster_id, proxy_id, proxy_group_id)
         VALUES ($1, $2, $3, 'dcim.device', $1, $4, $5, $6, $7)`,
        [
          host.id,
          `mt-host-${host.id}`,
          host.hostid,
          host.siteId,
          host.clusterId,
          host.proxyId,
          host.proxyGroupId,
        ],
      );
      for (const groupId of host.hostGroupIds) {
        await query(`INSERT INTO host_config_host_groups VALUES (${host.id}, ${groupId})`);
      }
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  describe('target resolution', () => {
    it.each<[string, Partial<MaintenanceTargets>]>([
      ['host configs', { hostConfigs: [901, 905] }],
      ['a site', { sites: [100] }],
      ['a cluster', { clusters: [500] }],
      ['a host group', { hostGroups: [902] }],
      ['a proxy', { proxies: [901] }],
      ['a proxy group', { proxyGroups: [901] }],
      [
        'everything at once',
        {
          hostConfigs: [902],
          sites: [101],
          clusters: [500],
          hostGroups: [901],
          proxies: [901],
          proxyGroups: [901],
        },
      ],
      ['nothing in Zabbix', { hostConfigs: [905] }],
    ])('should resolve %s in one query exactly as the domain rule does', async (_name, targets) => {
      const all = { ...NONE, ...targets };

      const hostids = await new MaintenanceRepository(harness.dataSource.manager).resolveTargetHostids(all);

      expect(hostids).toEqual(resolveTargetHostids(all, HOSTS));
    });
  });

  describe('validation', () => {
    it('should name each bad field in a 400', async () => {
      const response = await request('POST', '/api/maintenances', {
        name: '',
        endTime: 'tomorrow',
        sites: ['x'],
        disableDataCollection: 'yes',
        extra: 1,
      });

      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual(
        expect.arrayContaining(['name', 'endTime', 'sites', 'disableDataCollection', 'extra']),
      );
    });

    it('should refuse an end before the start, unknown target ids, a taken name, no targets', async () => {
      const endBeforeStart = await request('POST', '/api/maintenances', {
        name: 'mt-bad',
        startTime: new Date(Date.now() + 2 * HOUR).toISOString(),
        endTime: new Date(Date.now() + HOUR).toISOString(),
        hostConfigs: [99],
        hostGroups: [901, 77],
        proxies: [55],
        proxyGroups: [66],
      });
      const noTargets = await request('POST', '/api/maintenances', { name: 'mt-bad', ...window(1, 1) });
      const nothingInZabbix = await request('POST', '/api/maintenances', {
        name: 'mt-bad',
        ...window(1, 1),
        hostConfigs: [905],
      });

      expect(endBeforeStart.status).toBe(400);
      expect(endBeforeStart.body.fields).toEqual([
        'endTime',
        'hostConfigs',
        'hostGroups',
        'proxies',
        'proxyGroups',
      ]);
      expect(endBeforeStart.body.message).toEqual([
        'endTime: endTime must be after startTime',
        'hostConfigs: unknown ids 99',
        'hostGroups: unknown ids 77',
        'proxies: unknown ids 55',
        'proxyGroups: unknown ids 66',
      ]);
      expect(noTargets.body).toMatchObject({ fields: ['targets'] });
      expect(nothingInZabbix.status).toBe(400);
      expect(nothingInZabbix.body.message).toEqual([
        'targets: none of the targets has a host in Zabbix, and Zabbix cannot hold a maintenance without hosts',
      ]);
      expect(await harness.dataSource.getRepository(Maintenance).count()).toBe(0);
    });

    it('should answer 404 for a maintenance it does not have', async () => {
      expect((await request('GET', '/api/maintenances/999')).status).toBe(404);
      expect((await request('PATCH', '/api/maintenances/999', { description: 'x' })).status).toBe(404);
      expect((await request('DELETE', '/api/maintenances/999')).status).toBe(404);
    });
  });

  it('should create, refuse changes while writing, update the targets, fail visibly, and delete', async () => {
    const created = await request('POST', '/api/maintenances', {
      name: 'mt-night',
      ...window(-1, 2),
      disableDataCollection: true,
      sites: [100],
    });

    expect(created.status).toBe(202);
    const view = created.body.maintenance as Record<string, unknown>;
    const id = view.id as number;
    expect(view).toMatchObject({
      name: 'mt-night',
      sites: [100],
      zabbixId: null,
      status: 'active',
      jobInFlight: true,
    });
    const create = await nextMaintenanceJob();
    expect(create).toMatchObject({
      jobId: created.body.jobId,
      kind: 'CreateZabbixMaintenance',
      maintenanceId: id,
      revision: 1,
      name: 'mt-night',
      disableDataCollection: true,
      hostids: ['20001', '20002'],
    });
    expect(create.activeSince % 60).toBe(0);
    const busy = await request('PATCH', `/api/maintenances/${id}`, { description: 'x' });
    expect(busy.status).toBe(409);

    await report(create, 'started');
    await report(create, 'succeeded', { operation: 'created', maintenanceid: '31' });
    await jobEnded(create.jobId);
    expect((await request('GET', `/api/maintenances/${id}`)).body).toMatchObject({
      zabbixId: '31',
      status: 'active',
      jobInFlight: false,
      error: null,
    });

    const updated = await request('PATCH', `/api/maintenances/${id}`, { sites: [], hostGroups: [902] });
    expect(updated.status).toBe(202);
    const update = await nextMaintenanceJob();
    expect(update).toMatchObject({
      kind: 'UpdateZabbixMaintenance',
      maintenanceid: '31',
      revision: 2,
      hostids: ['20003', '20004'],
    });
    await report(update, 'failed', {
      error: 'ZabbixApiError: Zabbix maintenance.update failed (-32500 Application error.): No permissions',
      retryable: false,
    });
    await jobEnded(update.jobId);
    expect((await request('GET', `/api/maintenances/${id}`)).body).toMatchObject({
      status: 'failed',
      error: 'ZabbixApiError: Zabbix maintenance.update failed (-32500 Application error.): No permissions',
      hostGroups: [902],
      sites: [],
    });

    const deleted = await request('DELETE', `/api/maintenances/${id}`);
    expect(deleted.status).toBe(202);
    const remove = await nextMaintenanceJob();
    expect(remove).toMatchObject({ kind: 'DeleteZabbixMaintenance', maintenanceid: '31', revision: 3 });
    await report(remove, 'succeeded', { operation: 'deleted', maintenanceid: '31' });
    await jobEnded(remove.jobId);
    expect((await request('GET', `/api/maintenances/${id}`)).status).toBe(404);
  });

  it('should list with paging and a total, each with its derived status', async () => {
    for (const [index, startInHours] of [1, -1].entries()) {
      const created = await request('POST', '/api/maintenances', {
        name: `mt-page-${index}`,
        ...window(startInHours, 2),
        hostConfigs: [901],
      });
      expect(created.status).toBe(202);
      await nextMaintenanceJob();
    }

    const first = await request('GET', '/api/maintenances?limit=1&offset=0');
    const second = await request('GET', '/api/maintenances?limit=1&offset=1');
    const bad = await request('GET', '/api/maintenances?limit=0');

    expect(first.body).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      items: [{ name: 'mt-page-0', status: 'pending' }],
    });
    expect(second.body).toMatchObject({ total: 2, items: [{ name: 'mt-page-1', status: 'active' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['limit']);
  });
});
