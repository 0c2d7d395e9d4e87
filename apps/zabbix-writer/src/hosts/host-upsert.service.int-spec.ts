import { Logger } from '@nestjs/common';
import { PermanentError, type DesiredHost, type HostUpsertJobPayload } from '@lib/contracts';
import { type ZabbixClient, type ZabbixHost } from '@lib/clients';
import {
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  hostKeyFor,
  createZabbixTestClient,
  uniqueZabbixTestPrefix,
  ZabbixFaultProxy,
  zabbixTestConnection,
} from '@lib/testing';
import { upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { HostIdentityConflictError } from './domain/host-identity-conflict.error';
import { MissingZabbixObjectsError } from './domain/missing-zabbix-objects.error';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';
import { HostUpsertService } from './host-upsert.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/** The identity tag a host written for this desired host carries. */
function identityOf(desired: DesiredHost): { tag: string; value: string } {
  return { tag: 'netbox-object', value: hostKeyFor(desired.host) };
}

interface ItemRow {
  readonly itemid: string;
  readonly key_: string;
  readonly interfaceid: string;
}

/** Against the real Zabbix API: every test reads the result back, since Zabbix ignores unknown fields. */
describe(HostUpsertService.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let service: HostUpsertService;

  function logFor(job: HostUpsertJobPayload): JobLog {
    return new JobLog(new Logger(HostUpsertService.name), `test-${job.jobId}`, upsertJobIdentity(job), 1);
  }

  async function upsert(desired: DesiredHost, overrides: Partial<HostUpsertJobPayload> = {}) {
    const job = buildUpsertJob(desired, overrides);
    return service.upsert(job, logFor(job));
  }

  async function readHost(hostid: string): Promise<ZabbixHost> {
    const [host] = await zabbix.getHostsByIds([hostid]);
    if (!host) throw new Error(`host ${hostid} not found`);
    return host;
  }

  async function itemsOf(hostid: string): Promise<ItemRow[]> {
    return (await zabbix.call('item.get', {
      output: ['itemid', 'key_', 'interfaceid'],
      hostids: [hostid],
    })) as ItemRow[];
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    service = new HostUpsertService(zabbix, new HostReferencesService(zabbix), new HostLookupService(zabbix));
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should create a host with groups, templates, agent interface, tags and inventory when none exists', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}create`, name: `${prefix}Create` });

    const outcome = await upsert(desired);

    expect(outcome).toEqual({ operation: 'created', hostid: expect.any(String) });
    const host = await readHost(outcome.hostid ?? '');
    expect(host).toMatchObject({
      host: `${prefix}create`,
      name: `${prefix}Create`,
      status: 0,
      description: desired.description,
      monitoring: { monitoredBy: 'server' },
      tlsConnect: 1,
      tlsAccept: 1,
      inventoryMode: 0,
      inventory: expect.objectContaining({ serialno_a: 'SN-0001' }),
      groups: [{ groupid: expect.any(String), name: `${prefix}NetBox` }],
      templates: [{ templateid: expect.any(String), name: 'ICMP Ping' }],
      tags: expect.arrayContaining([{ tag: 'netbox', value: 'device' }, identityOf(desired)]),
      interfaces: [
        {
          interfaceid: expect.any(String),
          type: 1,
          main: true,
          useIp: true,
          ip: '192.0.2.10',
          dns: '',
          port: '10050',
        },
      ],
    });
    expect((await itemsOf(host.hostid)).map((item) => item.key_).sort()).toEqual([
      'icmpping',
      'icmppingloss',
      'icmppingsec',
    ]);
  });

  it('should change the interface IP and keep its interfaceid, so template items stay attached', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}ip`, name: `${prefix}IP` });
    const created = await upsert(desired);
    const before = await readHost(created.hostid ?? '');

    const outcome = await upsert(
      {
        ...desired,
        interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.99', dns: '', port: 10050 }],
      },
      { kind: 'UpdateZabbixHost', hostid: created.hostid, revision: 2 },
    );

    const after = await readHost(created.hostid ?? '');
    expect(outcome).toEqual({ operation: 'updated', hostid: created.hostid, differences: ['interfaces'] });
    expect(after.interfaces).toEqual([{ ...before.interfaces[0], ip: '192.0.2.99' }]);
    const items = await itemsOf(after.hostid);
    expect(items).toHaveLength(3);
    expect(new Set(items.map((item) => item.interfaceid))).toEqual(
      new Set([before.interfaces[0]?.interfaceid]),
    );
  });

  it('should clear a template that is no longer wanted together with its items', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}clear`, name: `${prefix}Clear` });
    const created = await upsert(desired);
    expect(await itemsOf(created.hostid ?? '')).toHaveLength(3);

    await upsert(
      { ...desired, templates: [] },
      { kind: 'UpdateZabbixHost', hostid: created.hostid, revision: 2 },
    );

    const host = await readHost(created.hostid ?? '');
    expect(host.templates).toEqual([]);
    expect(await itemsOf(host.hostid)).toEqual([]);
  });

  it('should rename the host, replace its groups and tags and keep its id when the technical name changed', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}old-name`, name: `${prefix}Old name` });
    const created = await upsert(desired);

    const outcome = await upsert(
      {
        ...desired,
        host: `${prefix}new-name`,
        name: `${prefix}New name`,
        groups: [`${prefix}Routers`, `${prefix}Amsterdam`],
        tags: [{ tag: 'role', value: 'router' }],
        status: 1,
        description: 'renamed',
      },
      { kind: 'UpdateZabbixHost', hostid: created.hostid, revision: 2, hostKey: hostKeyFor(desired.host) },
    );

    const host = await readHost(created.hostid ?? '');
    expect(outcome).toEqual({
      operation: 'updated',
      hostid: created.hostid,
      differences: ['host', 'name', 'status', 'description', 'groups', 'tags'],
    });
    expect(host).toMatchObject({
      host: `${prefix}new-name`,
      name: `${prefix}New name`,
      status: 1,
      description: 'renamed',
    });
    expect(host.groups.map((group) => group.name).sort()).toEqual([`${prefix}Amsterdam`, `${prefix}Routers`]);
    // Zabbix returns tags in no set order.
    expect([...host.tags].sort((left, right) => left.tag.localeCompare(right.tag))).toEqual([
      identityOf(desired),
      { tag: 'role', value: 'router' },
    ]);
    expect(await zabbix.getHostsByTechnicalNames([`${prefix}old-name`])).toEqual([]);
  });

  it('should adopt a host created by hand and bring it to the desired state', async () => {
    const [group] = await zabbix.ensureHostGroups([`${prefix}Manual`]);
    const created = (await zabbix.call('host.create', {
      host: `${prefix}brownfield`,
      groups: [{ groupid: group?.groupid }],
      interfaces: [{ type: 1, main: 1, useip: 1, ip: '198.51.100.7', dns: '', port: '10050' }],
      tags: [{ tag: 'hand', value: 'made' }],
    })) as { hostids: string[] };
    const manualId = created.hostids[0] ?? '';
    const manual = await readHost(manualId);
    const desired = buildDesiredHost(prefix, { host: `${prefix}brownfield`, name: `${prefix}Brownfield` });

    const outcome = await upsert(desired);

    const host = await readHost(manualId);
    expect(outcome).toEqual({
      operation: 'adopted',
      hostid: manualId,
      differences: ['name', 'description', 'groups', 'templates', 'interfaces', 'tags', 'inventory'],
    });
    expect(host).toMatchObject({
      name: `${prefix}Brownfield`,
      groups: [{ groupid: expect.any(String), name: `${prefix}NetBox` }],
      templates: [{ templateid: expect.any(String), name: 'ICMP Ping' }],
      tags: expect.arrayContaining([{ tag: 'netbox', value: 'device' }, identityOf(desired)]),
    });
    expect(host.interfaces).toEqual([{ ...manual.interfaces[0], ip: '192.0.2.10' }]);
  });

  it('should find its host by the identity tag when the known host id no longer exists', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}stale`, name: `${prefix}Stale` });
    const created = await upsert(desired);

    const outcome = await upsert(desired, { kind: 'UpdateZabbixHost', hostid: '999999999', revision: 2 });

    expect(outcome).toEqual({ operation: 'updated', hostid: created.hostid, differences: [] });
  });

  it('should change nothing when the same job is delivered again', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}again`, name: `${prefix}Again` });
    const job = buildUpsertJob(desired);
    const first = await service.upsert(job, logFor(job));
    const before = await readHost(first.hostid ?? '');

    const second = await service.upsert(job, logFor(job));

    expect(second).toEqual({ operation: 'updated', hostid: first.hostid, differences: [] });
    expect(await readHost(first.hostid ?? '')).toEqual(before);
  });

  it('should fail permanently naming the unknown templates and create nothing', async () => {
    const desired = buildDesiredHost(prefix, {
      host: `${prefix}unknown-template`,
      groups: [`${prefix}NeverCreated`],
      templates: ['ICMP Ping', `${prefix}No such template`],
    });

    const failure = await upsert(desired).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MissingZabbixObjectsError);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toContain(`"${prefix}No such template"`);
    expect((failure as Error).message).not.toContain('ICMP Ping');
    expect(await zabbix.getHostsByTechnicalNames([desired.host])).toEqual([]);
    expect(await zabbix.findHostGroupsByName([`${prefix}NeverCreated`])).toEqual([]);
  });

  it('should fail permanently for an unknown proxy', async () => {
    const desired = buildDesiredHost(prefix, {
      host: `${prefix}unknown-proxy`,
      monitoredBy: 'proxy',
      proxy: `${prefix}no-such-proxy`,
    });

    await expect(upsert(desired)).rejects.toThrow(MissingZabbixObjectsError);
  });

  it('should monitor the host through a proxy, read back in the version dialect', async () => {
    const dialect = await zabbix.dialect();
    const proxyName = `${prefix}proxy`;
    await zabbix.call(
      'proxy.create',
      dialect.usesMonitoredBy ? { name: proxyName, operating_mode: 0 } : { host: proxyName, status: 5 },
    );
    const [proxy] = await zabbix.findProxiesByName([proxyName]);
    const desired = buildDesiredHost(prefix, {
      host: `${prefix}proxied`,
      monitoredBy: 'proxy',
      proxy: proxyName,
    });

    const created = await upsert(desired);
    const viaProxy = await readHost(created.hostid ?? '');
    await upsert({ ...desired, monitoredBy: 'server' }, { hostid: created.hostid, kind: 'UpdateZabbixHost' });
    const direct = await readHost(created.hostid ?? '');

    expect(viaProxy.monitoring).toEqual({ monitoredBy: 'proxy', proxyid: proxy?.proxyid });
    expect(direct.monitoring).toEqual({ monitoredBy: 'server' });
  });

  it('should refuse a proxy group before Zabbix 7.0 with a permanent error', async () => {
    const dialect = await zabbix.dialect();
    const desired = buildDesiredHost(prefix, {
      host: `${prefix}proxy-group`,
      monitoredBy: 'proxy_group',
      proxyGroup: `${prefix}pg`,
    });

    const failure = await upsert(desired).catch((error: unknown) => error);

    // From 7.0 on the group is looked up (and missing here); before 7.0 the feature does not exist.
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toMatch(
      dialect.supportsProxyGroups ? /unknown Zabbix proxy group/ : /7\.0/,
    );
  });

  it('should create an SNMPv3 interface and read its details back', async () => {
    const version = await zabbix.version();
    const desired = buildDesiredHost(prefix, {
      host: `${prefix}switch`,
      name: `${prefix}Switch`,
      templates: [],
      interfaces: [
        {
          kind: 'snmp',
          main: true,
          useIp: true,
          ip: '192.0.2.50',
          dns: '',
          port: 161,
          snmp: {
            version: 3,
            bulk: 1,
            maxRepetitions: 30,
            securityName: '{$SNMPV3_USER}',
            securityLevel: 2,
            authProtocol: 1,
            authPassphrase: '{$SNMPV3_AUTHPASS}',
            privProtocol: 1,
            privPassphrase: '{$SNMPV3_PRIVPASS}',
            contextName: 'core',
          },
        },
      ],
    });

    const outcome = await upsert(desired);

    const host = await readHost(outcome.hostid ?? '');
    expect(host.interfaces).toEqual([
      {
        interfaceid: expect.any(String),
        type: 2,
        main: true,
        useIp: true,
        ip: '192.0.2.50',
        dns: '',
        port: '161',
        snmp: {
          version: 3,
          bulk: 1,
          ...(version.isAtLeast(6, 4) ? { maxRepetitions: 30 } : {}),
          contextName: 'core',
          securityName: '{$SNMPV3_USER}',
          securityLevel: 2,
          authProtocol: 1,
          authPassphrase: '{$SNMPV3_AUTHPASS}',
          privProtocol: 1,
          privPassphrase: '{$SNMPV3_PRIVPASS}',
        },
      },
    ]);
  });

  it('should converge on one host when several writers create it at the same moment', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}race`, name: `${prefix}Race`, templates: [] });
    const writers = Array.from({ length: 4 }, () => createZabbixTestClient());
    try {
      const services = writers.map(
        (client) =>
          new HostUpsertService(client, new HostReferencesService(client), new HostLookupService(client)),
      );

      const outcomes = await Promise.all(
        services.map((writer) => {
          const job = buildUpsertJob(desired);
          return writer.upsert(job, logFor(job));
        }),
      );

      const hosts = await zabbix.getHostsByTechnicalNames([desired.host]);
      expect(hosts).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.hostid))).toEqual(new Set([hosts[0]?.hostid]));
      expect(outcomes.filter((outcome) => outcome.operation === 'created').length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(writers.map((client) => client.close()));
    }
  });

  it('should keep the oldest of the hosts carrying its identity and delete the twins a timed-out create left', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}twin`, name: `${prefix}Twin`, templates: [] });
    const first = await upsert(desired);
    // What a host.create that timed out on the writer's side but went on in Zabbix, retried, leaves behind:
    // a second host with the same identity (here under another name, as Zabbix refuses a namesake once the
    // first create has committed).
    const twin = await upsert(
      { ...desired, host: `${prefix}twin-2`, name: `${prefix}Twin 2` },
      { hostKey: hostKeyFor(desired.host) },
    );
    expect(twin.operation).toBe('updated');
    await zabbix.call('host.create', {
      host: `${prefix}twin-3`,
      groups: (await readHost(first.hostid ?? '')).groups.map(({ groupid }) => ({ groupid })),
      tags: [identityOf(desired)],
    });

    const outcome = await upsert(desired);

    expect(outcome).toEqual({ operation: 'updated', hostid: first.hostid, differences: expect.any(Array) });
    const carriers = await zabbix.getHostsByAnyTag([identityOf(desired)]);
    expect(carriers.map((host) => [host.hostid, host.host])).toEqual([[first.hostid, desired.host]]);
  });

  it('should take the host a timed-out host.create made in Zabbix instead of creating it again', async () => {
    const desired = buildDesiredHost(prefix, { host: `${prefix}late`, name: `${prefix}Late`, templates: [] });
    const proxy = await ZabbixFaultProxy.start(zabbixTestConnection().url);
    const client = createZabbixTestClient({ url: proxy.url, timeoutMs: 3_000 });
    try {
      const writer = new HostUpsertService(
        client,
        new HostReferencesService(client),
        new HostLookupService(client),
      );
      await client.getHostsByTechnicalNames([desired.host]); // logged in and version known before the fault
      const job = buildUpsertJob(desired);
      // The look-up and references answer in time; the create reaches Zabbix, and its answer comes too late.
      proxy.lateAnswers(6_000, 'host.create');

      const outcome = await writer.upsert(job, logFor(job));

      const carriers = await zabbix.getHostsByAnyTag([identityOf(desired)]);
      expect(carriers.map((host) => host.hostid)).toEqual([outcome.hostid]);
      expect(outcome).toEqual({ operation: 'created', hostid: expect.any(String) });
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  describe('host identity', () => {
    it("should not adopt a host of the same name that carries another NetBox object's identity", async () => {
      const desired = buildDesiredHost(prefix, { host: `${prefix}namesake`, name: `${prefix}Namesake` });
      const [ownerKey, otherKey] = [hostKeyFor(`${prefix}owner`), hostKeyFor(`${prefix}other`)];
      const owner = await upsert(desired, { hostKey: ownerKey });
      const before = await readHost(owner.hostid ?? '');

      const attempt = upsert(
        { ...desired, interfaces: [{ ...desired.interfaces[0], ip: '192.0.2.99' }] },
        { hostKey: otherKey },
      );

      await expect(attempt).rejects.toBeInstanceOf(HostIdentityConflictError);
      await expect(attempt).rejects.toThrow(`belongs to ${ownerKey}, not ${otherKey}`);
      const after = await readHost(owner.hostid ?? '');
      expect(after.interfaces.map((row) => row.ip)).toEqual(['192.0.2.10']);
      expect(after.tags).toEqual(before.tags);
    });

    it('should find its own host by the identity tag after a rename by hand, and keep the hostid', async () => {
      const desired = buildDesiredHost(prefix, { host: `${prefix}renamed`, name: `${prefix}Renamed` });
      const created = await upsert(desired);
      await zabbix.call('host.update', {
        hostid: created.hostid,
        host: `${prefix}renamed-by-hand`,
        name: `${prefix}Renamed by hand`,
      });

      const outcome = await upsert(desired, { kind: 'UpdateZabbixHost' });

      expect(outcome).toEqual({
        operation: 'updated',
        hostid: created.hostid,
        differences: ['host', 'name'],
      });
      expect(await readHost(created.hostid ?? '')).toMatchObject({
        host: `${prefix}renamed`,
        name: `${prefix}Renamed`,
        tags: expect.arrayContaining([{ tag: 'netbox', value: 'device' }, identityOf(desired)]),
      });
    });

    it('should stamp its identity on a host it adopts by name', async () => {
      const desired = buildDesiredHost(prefix, { host: `${prefix}unclaimed`, name: `${prefix}Unclaimed` });
      const groups = await zabbix.ensureHostGroups([`${prefix}NetBox`]);
      const [hostid] = (
        (await zabbix.call('host.create', {
          host: desired.host,
          groups: groups.map((group) => ({ groupid: group.groupid })),
        })) as { hostids: string[] }
      ).hostids;

      const outcome = await upsert(desired);

      expect(outcome).toEqual({
        operation: 'adopted',
        hostid,
        differences: ['name', 'description', 'templates', 'interfaces', 'tags', 'inventory'],
      });
      expect((await readHost(hostid ?? '')).tags).toContainEqual(identityOf(desired));
    });
  });
});
