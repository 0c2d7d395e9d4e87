import { type ZabbixClient } from '@lib/clients';
import { HostGroup, Maintenance, Proxy, ProxyGroup, Settings, Template } from '@lib/models';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  uniqueZabbixTestPrefix,
  zabbixTestConnection,
} from '@lib/testing';
import { SchedulerCluster } from '../../test/scheduler-cluster';
import { ImportZabbixSettingsRunner } from './runners/import-zabbix-settings.runner';

jest.setTimeout(120_000);

/**
 * ImportZabbixSettings and MaintenanceCleanup against the real Zabbix (run once per version by
 * scripts/test.sh), through the management API of a real scheduler. Every Zabbix name starts with this run's
 * prefix and is removed afterwards.
 */
describe(ImportZabbixSettingsRunner.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let cluster: SchedulerCluster;
  let zabbix7 = false;
  const templateids: string[] = [];
  let templateGroupid: string | null = null;
  let templateGroups = false;

  const call = async <T>(method: string, params: unknown): Promise<T> =>
    (await zabbix.call(method, params)) as T;
  const created = async (method: string, params: unknown, key: string): Promise<string> =>
    (await call<Record<string, string[]>>(method, params))[key]?.[0] ?? '';

  async function run(kind: string, body: Record<string, unknown> = {}) {
    const started = await cluster.request<{ jobId: string }>('POST', `/api/system-jobs/${kind}/run`, body);
    expect(started.status).toBe(202);
    return cluster.jobEnded(started.body.jobId, ['completed', 'failed'], 60_000);
  }

  async function template(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const groupid = templateGroupid ?? '';
    const id = await created(
      'template.create',
      { host: `${prefix}${name}`, groups: [{ groupid }], ...extra },
      'templateids',
    );
    templateids.push(id);
    return id;
  }

  async function trigger(templateid: string, name: string, dependsOn?: string): Promise<string> {
    await created(
      'item.create',
      { hostid: templateid, name, key_: `nzbt.${name}`, type: 2, value_type: 3 },
      'itemids',
    );
    return created(
      'trigger.create',
      {
        description: `${name} is down`,
        expression: `last(/${prefix}${name}/nzbt.${name})=0`,
        ...(dependsOn ? { dependencies: [{ triggerid: dependsOn }] } : {}),
      },
      'triggerids',
    );
  }

  beforeAll(async () => {
    zabbix = createZabbixTestClient();
    zabbix7 = (await zabbix.version()).isAtLeast(7, 0);
    const connection = zabbixTestConnection();
    cluster = await SchedulerCluster.start({
      ZABBIX_URL: connection.url,
      ...(connection.apiToken ? { ZABBIX_API_TOKEN: connection.apiToken } : {}),
      ...(connection.username ? { ZABBIX_USER: connection.username } : {}),
      ...(connection.password ? { ZABBIX_PASSWORD: connection.password } : {}),
    });
    // Templates live in template groups from 6.2, in host groups before.
    templateGroups = (await zabbix.version()).isAtLeast(6, 2);
    templateGroupid = templateGroups
      ? await created('templategroup.create', { name: `${prefix}templates` }, 'groupids')
      : ((await zabbix.ensureHostGroups([`${prefix}templates`]))[0]?.groupid ?? null);
  });

  afterAll(async () => {
    await cluster?.stop();
    if (templateids.length > 0) await zabbix.call('template.delete', templateids).catch(() => undefined);
    if (templateGroups) {
      await zabbix.call('templategroup.delete', [templateGroupid]).catch(() => undefined);
    }
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should import host groups, templates with parents and dependencies, proxies and (7.0) proxy groups', async () => {
    await zabbix.ensureHostGroups(['g1', 'g2', 'g3', 'g4'].map((name) => `${prefix}${name}`));
    const base = await template('base');
    const child = await template('child', { templates: [{ templateid: base }] });
    const baseTrigger = await trigger(base, 'base');
    const dependent = await template('dependent');
    await trigger(dependent, 'dependent', baseTrigger);
    let proxyGroupid: string | null = null;
    if (zabbix7) {
      proxyGroupid = await created(
        'proxygroup.create',
        { name: `${prefix}pg`, failover_delay: '2m', min_online: 1 },
        'proxy_groupids',
      );
      await created(
        'proxy.create',
        {
          name: `${prefix}proxy`,
          operating_mode: 0,
          proxy_groupid: proxyGroupid,
          local_address: '192.0.2.5',
          local_port: '10051',
        },
        'proxyids',
      );
    } else {
      await created('proxy.create', { host: `${prefix}proxy`, status: 5 }, 'proxyids');
    }

    const job = await run('ImportZabbixSettings');

    expect(job).toMatchObject({ status: 'completed', error: null, progressDone: 2, progressTotal: 2 });
    expect(job.result).toMatchObject({ removals: 0, hostGroups: { removed: 0 }, templates: { removed: 0 } });
    const groups = await cluster.dataSource.getRepository(HostGroup).find();
    for (const name of ['g1', 'g2', 'g3', 'g4']) {
      expect(groups).toContainEqual(
        expect.objectContaining({ name: `${prefix}${name}`, groupid: expect.any(String) }),
      );
    }
    const templates = cluster.dataSource.getRepository(Template);
    const childRow = await templates.findOneOrFail({
      where: { templateid: child },
      relations: { parents: true },
    });
    const dependentRow = await templates.findOneOrFail({
      where: { templateid: dependent },
      relations: { dependencies: true },
    });
    expect(childRow.parents.map((row) => row.templateid)).toEqual([base]);
    expect(dependentRow.dependencies.map((row) => row.templateid)).toEqual([base]);
    expect(await templates.findOneBy({ name: 'ICMP Ping' })).toMatchObject({
      templateid: expect.any(String),
    });
    const proxy = await cluster.dataSource
      .getRepository(Proxy)
      .findOneOrFail({ where: { name: `${prefix}proxy` }, relations: { proxyGroup: true } });
    expect(proxy).toMatchObject({ proxyid: expect.any(String), operatingMode: 0 });
    if (zabbix7) {
      expect(proxy.proxyGroup).toMatchObject({
        name: `${prefix}pg`,
        proxyGroupid,
        failoverDelay: '2m',
        minOnline: 1,
      });
      expect(proxy.localAddress).toBe('192.0.2.5');
    } else {
      expect(job.result).toMatchObject({ proxyGroups: 'not before Zabbix 7.0' });
      expect(await cluster.dataSource.getRepository(ProxyGroup).count()).toBe(0);
    }

    const again = await run('ImportZabbixSettings');
    expect(again.result).toMatchObject({
      hostGroups: { added: 0, updated: 0, removed: 0 },
      templates: { added: 0, updated: 0, removed: 0 },
      proxies: { added: 0, updated: 0, removed: 0 },
    });
  });

  it('should stop before removing more than max_deletions, change nothing, and complete when retried after raising it', async () => {
    await cluster.dataSource.getRepository(Settings).update({ name: 'default' }, { maxDeletions: 3 });
    const doomed = await zabbix.findHostGroupsByName(
      ['g1', 'g2', 'g3', 'g4'].map((name) => `${prefix}${name}`),
    );
    expect(doomed).toHaveLength(4);
    await zabbix.call(
      'hostgroup.delete',
      doomed.map((group) => group.groupid),
    );

    const dryRun = await run('ImportZabbixSettings', { dryRun: true });
    const stopped = await run('ImportZabbixSettings');

    expect(dryRun).toMatchObject({
      status: 'completed',
      result: { dryRun: true, removals: 4, wouldStop: true },
    });
    expect(stopped).toMatchObject({ status: 'failed', error: expect.stringContaining('max_deletions (3)') });
    expect(stopped.result).toMatchObject({ stopped: true, removals: 4, hostGroups: { removed: 4 } });
    const names = doomed.map((group) => group.name).sort();
    expect(((stopped.result?.hostGroups as { removedNames: string[] }).removedNames ?? []).sort()).toEqual(
      names,
    );
    const hostGroups = cluster.dataSource.getRepository(HostGroup);
    expect(await hostGroups.countBy(names.map((name) => ({ name })))).toBe(4);

    await cluster.dataSource.getRepository(Settings).update({ name: 'default' }, { maxDeletions: 10 });
    const retried = await cluster.request<{ jobId: string }>('POST', `/api/jobs/${stopped.id}/retry`);
    expect(retried.status).toBe(202);
    const completed = await cluster.jobEnded(retried.body.jobId, ['completed', 'failed'], 60_000);

    expect(completed).toMatchObject({ status: 'completed', trigger: 'retry', retryOfJobId: stopped.id });
    expect(completed.result).toMatchObject({ removals: 4, hostGroups: { removed: 4 } });
    expect(await hostGroups.countBy(names.map((name) => ({ name })))).toBe(0);
    expect(await hostGroups.countBy({ name: 'NetBox' })).toBe(1);
  });

  it('should delete expired maintenance windows in Zabbix and here, and leave the others', async () => {
    const [group] = await zabbix.ensureHostGroups([`${prefix}maint`]);
    const minute = 60;
    const now = Math.floor(Date.now() / 1000 / minute) * minute;
    const window = (name: string, since: number, till: number) =>
      created(
        'maintenance.create',
        {
          name: `${prefix}${name}`,
          active_since: since,
          active_till: till,
          groups: [{ groupid: group?.groupid }],
          timeperiods: [{ timeperiod_type: 0, start_date: since, period: 3600 }],
        },
        'maintenanceids',
      );
    const expiredId = await window('expired', now - 180 * minute, now - 60 * minute);
    const activeId = await window('active', now - 60 * minute, now + 600 * minute);
    const rows = cluster.dataSource.getRepository(Maintenance);
    const expired = await rows.save({
      name: `${prefix}expired`,
      startTime: new Date((now - 180 * minute) * 1000),
      endTime: new Date((now - 60 * minute) * 1000),
      zabbixId: expiredId,
    });
    const active = await rows.save({
      name: `${prefix}active`,
      startTime: new Date((now - 60 * minute) * 1000),
      endTime: new Date((now + 600 * minute) * 1000),
      zabbixId: activeId,
    });

    const job = await run('MaintenanceCleanup');

    expect(job).toMatchObject({ status: 'completed', error: null });
    expect(job.result).toMatchObject({ checked: 1, deleted: 1, deletedInZabbix: 1, alreadyGoneInZabbix: 0 });
    expect(await zabbix.getMaintenancesByIds([expiredId])).toEqual([]);
    expect((await zabbix.getMaintenancesByIds([activeId])).map((found) => found.maintenanceid)).toEqual([
      activeId,
    ]);
    expect(await rows.findOneBy({ id: expired.id })).toBeNull();
    expect(await rows.findOneBy({ id: active.id })).not.toBeNull();
  });
});
