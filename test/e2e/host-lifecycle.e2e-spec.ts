import { type ZabbixHost } from '@lib/clients';
import { InterfaceType } from '@lib/models';
import { BridgeSystem } from './support/bridge-system';
import { type JobRow, type SettingsPatch } from './support/bridge-database';
import { NetboxDevices, type TestDevice } from './support/netbox-devices';
import { netboxWebhookBody } from './support/netbox-webhook';

jest.setTimeout(120_000);

/** A test that fails because of a product bug (see the comment at the test); its failure is expected. */
const BURST_WRITES_TEST = 'should write the host at most twice when the burst is over';
const ICMP_PING_ITEM_KEYS = ['icmpping', 'icmppingloss', 'icmppingsec'];

/**
 * Issue 3 end to end: NetBox (a fake REST API over real HTTP) → signed webhooks → ingester → scheduler (which
 * re-reads NetBox, settings and mappings from PostgreSQL on every event) → two zabbix-writer replicas → the
 * real Zabbix, read back after every step. One system serves all tests; each test uses its own devices,
 * sites and roles, and the settings it changes are put back after it.
 */
describe('Host lifecycle from NetBox to Zabbix (end to end)', () => {
  const system = new BridgeSystem({
    fakeNetbox: true,
    writerReplicas: 2,
    environment: { SETTINGS_CACHE_MS: '0' },
  });
  const devices = new NetboxDevices(system);
  const prefix = system.prefix;
  const graveyard = `${prefix}graveyard`;
  const baseline: SettingsPatch = {
    graveyard,
    graveyardSuffix: '_archived',
    deleteSetting: 'SOFT',
    agentPort: 10050,
    excludeCustomFieldName: 'Exclude from Zabbix',
    excludeCustomFieldEnabled: false,
    statusPolicy: {},
    inventoryMode: 'MANUAL',
    defaultTag: null,
    tagPrefix: null,
    tagNameFormatting: 'KEEP',
  };

  /** The Zabbix host of a device by its (current) name; fails when there is none. */
  async function hostNamed(name: string): Promise<ZabbixHost> {
    const host = await system.inspect.host(name);
    if (!host) throw new Error(`no Zabbix host "${name}"`);
    return host;
  }

  /** Posts each device's `created` webhook; returns the devices and their Zabbix hosts once all settled. */
  async function createdAll(
    ...specs: [label: string, fields: Record<string, unknown>][]
  ): Promise<[TestDevice, ZabbixHost][]> {
    const added: TestDevice[] = [];
    for (const [label, fields] of specs) added.push(await devices.create(label, fields));
    await system.settle();
    return Promise.all(
      added.map(async (device) => [device, await hostNamed(device.name)] as [TestDevice, ZabbixHost]),
    );
  }

  async function created(
    label: string,
    fields: Record<string, unknown> = {},
  ): Promise<[TestDevice, ZabbixHost]> {
    const [first] = await createdAll([label, fields]);
    if (!first) throw new Error('nothing created');
    return first;
  }

  async function lastJob(device: TestDevice): Promise<Record<string, unknown>> {
    const jobs = await system.database.jobs(device.hostKey);
    const job = jobs[jobs.length - 1];
    if (!job) throw new Error(`no job for ${device.hostKey}`);
    return { kind: job.kind, status: job.status, error: job.error, ...job.result };
  }

  function groupNames(host: ZabbixHost): string[] {
    return host.groups.map((group) => group.name).sort();
  }

  function templateNames(host: ZabbixHost): string[] {
    return host.templates.map((template) => template.name).sort();
  }

  function sortedTags(host: ZabbixHost): { tag: string; value: string }[] {
    return [...host.tags].sort((a, b) => `${a.tag}=${a.value}`.localeCompare(`${b.tag}=${b.value}`));
  }

  /** The tags the mappings made: all but the identity tag every managed host carries. */
  function mappedTags(host: ZabbixHost): { tag: string; value: string }[] {
    return host.tags.filter((tag) => tag.tag !== 'netbox-object');
  }

  beforeAll(async () => {
    await system.start();
    await system.database.updateSettings(baseline);
  });

  afterEach(async () => {
    if (expect.getState().currentTestName?.endsWith(BURST_WRITES_TEST) !== true) {
      system.printLogsIfAssertionsFailed();
    }
    await system.settle();
    await system.database.updateSettings(baseline);
    await system.database.setDeviceTagMapping([]);
    await system.database.setDeviceInventoryMapping([]);
  });

  afterAll(async () => {
    await system.stop();
  });

  describe('desired state', () => {
    it('should use the most specific matching mapping, and the default mapping for the rest, when mappings filter by site and role', async () => {
      const site = devices.reference('sites', 'Specific Site');
      const role = devices.reference('device-roles', 'Specific Role');
      const otherRole = devices.reference('device-roles', 'Other Role');
      await system.database.addDeviceMapping({
        name: 'role only',
        roles: [role.id],
        hostGroups: [`${prefix}by-role`],
        templates: [],
      });
      await system.database.addDeviceMapping({
        name: 'site and role',
        sites: [site.id],
        roles: [role.id],
        hostGroups: [`${prefix}by-site-and-role`],
        templates: ['Zabbix agent'],
      });

      const [[, mostSpecific], [, roleOnly], [, fallback]] = await createdAll(
        ['mapping-site-role', { site, role }],
        ['mapping-role', { role }],
        ['mapping-default', { site, role: otherRole }],
      );

      expect(groupNames(mostSpecific)).toEqual([`${prefix}by-site-and-role`]);
      expect(templateNames(mostSpecific)).toEqual(['Zabbix agent']);
      expect(groupNames(roleOnly)).toEqual([`${prefix}by-role`]);
      expect(templateNames(roleOnly)).toEqual([]);
      expect(groupNames(fallback)).toEqual([system.defaultHostGroup]);
      expect(templateNames(fallback)).toEqual(['ICMP Ping']);
    });

    it('should give the host an agent interface on the primary IPv4 with the port from the settings when the mapping takes any interface', async () => {
      await system.database.updateSettings({ agentPort: 10070 });

      const [device, host] = await created('agent');

      expect(await system.inspect.interfaces(host.hostid)).toEqual([
        expect.objectContaining({ type: '1', main: '1', useip: '1', ip: device.ip, dns: '', port: '10070' }),
      ]);
    });

    it('should give the host an SNMPv3 interface with the settings defaults when the mapping is an SNMP mapping', async () => {
      const site = devices.reference('sites', 'SNMP Site');
      await system.database.addDeviceMapping({
        name: 'snmp',
        sites: [site.id],
        interfaceType: InterfaceType.Snmp,
        hostGroups: [`${prefix}snmp`],
        templates: ['Generic by SNMP'],
      });

      const [device, host] = await created('snmp', { site });

      expect(templateNames(host)).toEqual(['Generic by SNMP']);
      const interfaces = await system.inspect.interfaces(host.hostid);
      expect(interfaces).toEqual([
        expect.objectContaining({ type: '2', main: '1', useip: '1', ip: device.ip, port: '161' }),
      ]);
      // Zabbix numbering (frontend defines.inc.php): securitylevel 2 authPriv, authprotocol 1 SHA1,
      // privprotocol 1 AES128.
      expect(interfaces[0]?.details).toMatchObject({
        version: '3',
        bulk: '1',
        securityname: '{$SNMPV3_USER}',
        securitylevel: '2',
        authprotocol: '1',
        authpassphrase: '{$SNMPV3_AUTHPASS}',
        privprotocol: '1',
        privpassphrase: '{$SNMPV3_PRIVPASS}',
      });
    });

    it('should tag the host from the tag mapping, the NetBox tags and the default tag, prefixed and upper-cased, when the settings ask for it', async () => {
      await system.database.updateSettings({
        defaultTag: 'netbox_id',
        tagPrefix: 'nb_',
        tagNameFormatting: 'UPPER',
      });
      await system.database.setDeviceTagMapping([
        ['Site', 'site.name'],
        ['Role', 'role.name'],
        ['Tag', 'tags'],
      ]);
      const site = devices.reference('sites', 'Tag Site');
      const role = devices.reference('device-roles', 'Tag Role');

      const [device, host] = await created('tags', { site, role, tags: ['e2e-alpha', 'e2e-beta'] });

      expect(sortedTags(host)).toEqual([
        { tag: 'NB_NETBOX_ID', value: String(device.id) },
        { tag: 'NB_ROLE', value: 'Tag Role' },
        { tag: 'NB_SITE', value: 'Tag Site' },
        { tag: 'NB_TAG', value: 'e2e-alpha' },
        { tag: 'NB_TAG', value: 'e2e-beta' },
        { tag: 'netbox-object', value: device.hostKey },
      ]);
    });

    it('should fill the inventory from the inventory mapping, falling back along its paths, in the inventory mode of the settings', async () => {
      await system.database.updateSettings({ inventoryMode: 'AUTOMATIC' });
      await system.database.setDeviceInventoryMapping([
        ['Platform', 'os', ['platform.name']],
        ['Serial', 'serialno_a', ['asset_tag', 'serial']],
        ['Location', 'location', ['site.facility', 'site.name']],
      ]);
      const site = devices.reference('sites', 'Inventory Site');
      const platform = devices.reference('platforms', 'E2E OS 1.0');

      const [, host] = await created('inventory', { site, platform, serial: 'SN-E2E-0001', asset_tag: null });

      expect(host.inventoryMode).toBe(1);
      expect(host.inventory).toMatchObject({
        os: 'E2E OS 1.0',
        serialno_a: 'SN-E2E-0001',
        location: 'Inventory Site',
      });
    });

    it('should have the host polled by the proxy of its mapping when the mapping names a proxy', async () => {
      const proxyName = `${prefix}proxy`;
      const proxyid = await system.inspect.createProxy(proxyName);
      await system.database.addProxy(proxyName, proxyid);
      const site = devices.reference('sites', 'Proxy Site');
      await system.database.addDeviceMapping({
        name: 'proxied',
        sites: [site.id],
        hostGroups: [`${prefix}proxied`],
        templates: [],
        proxy: proxyName,
      });

      const [, host] = await created('proxied', { site });

      expect(await system.inspect.proxyOf(host.hostid)).toBe(proxyid);
    });

    it('should move the host from its proxy into the proxy group its mapping names on Zabbix 7.0, and fail the job on 6.0 leaving the host on its proxy', async () => {
      const proxyName = `${prefix}pg-move-proxy`;
      const proxyid = await system.inspect.createProxy(proxyName);
      await system.database.addProxy(proxyName, proxyid);
      const site = devices.reference('sites', 'Proxy Group Site');
      const mappingId = await system.database.addDeviceMapping({
        name: 'proxy group move',
        sites: [site.id],
        hostGroups: [`${prefix}pg-move`],
        templates: [],
        proxy: proxyName,
      });
      const [device, host] = await created('pg-move', { site });
      expect(await system.inspect.proxyOf(host.hostid)).toBe(proxyid);
      const dialect = await system.zabbix.dialect();
      const groupName = `${prefix}proxy-group`;
      let proxyGroupid = '0';
      if (dialect.supportsProxyGroups) {
        const group = (await system.zabbix.call('proxygroup.create', { name: groupName })) as {
          proxy_groupids: string[];
        };
        proxyGroupid = group.proxy_groupids[0] ?? '';
        // 7.0 takes a proxy into a proxy group only with a local address.
        await system.zabbix.call('proxy.create', {
          name: `${prefix}pg-member-proxy`,
          operating_mode: 0,
          proxy_groupid: proxyGroupid,
          local_address: '127.0.0.1',
        });
      }
      await system.database.addProxyGroup(groupName, proxyGroupid);

      await system.database.setDeviceMappingMonitoring(mappingId, { proxyGroup: groupName });
      await devices.announce(device);
      await system.settle();

      if (!dialect.supportsProxyGroups) {
        expect(await lastJob(device)).toMatchObject({
          kind: 'UpdateZabbixHost',
          status: 'failed',
          error: expect.stringContaining('needs Zabbix 7.0'),
        });
        expect(await system.inspect.proxyOf(host.hostid)).toBe(proxyid);
        return;
      }
      expect(await lastJob(device)).toMatchObject({ kind: 'UpdateZabbixHost', status: 'completed' });
      expect((await hostNamed(device.name)).monitoring).toEqual({ monitoredBy: 'proxy_group', proxyGroupid });
      expect(
        await system.zabbix.call('host.get', {
          output: ['monitored_by', 'proxyid', 'proxy_groupid'],
          hostids: [host.hostid],
        }),
      ).toEqual([{ hostid: host.hostid, monitored_by: '2', proxyid: '0', proxy_groupid: proxyGroupid }]);
    });
  });

  describe('removal', () => {
    /** What a soft delete leaves: the same host, disabled, renamed, in the graveyard group only. */
    async function expectArchived(hostid: string, archivedName: string): Promise<void> {
      const archived = await system.inspect.hostById(hostid);
      expect(archived).toMatchObject({ host: archivedName, status: 1 });
      expect(archived && groupNames(archived)).toEqual([graveyard]);
    }

    it('should archive the host when the exclusion custom field is set on its device', async () => {
      await system.database.updateSettings({ excludeCustomFieldEnabled: true });
      const [device, host] = await created('excluded');

      devices.update(device, { custom_fields: { exclude_from_zabbix: true } });
      await devices.announce(device);
      await system.settle();

      expect(await lastJob(device)).toMatchObject({ kind: 'DeleteZabbixHost', status: 'completed' });
      expect(await system.inspect.host(device.name)).toBeUndefined();
      await expectArchived(host.hostid, `${device.name}_archived`);
    });

    it('should disable the host when its device goes offline and the status policy disables offline devices', async () => {
      await system.database.updateSettings({
        statusPolicy: { offline: 'disable', decommissioning: 'remove' },
      });
      const [device, host] = await created('offline');
      expect(host.status).toBe(0);

      devices.update(device, { status: { value: 'offline', label: 'Offline' } });
      await devices.announce(device);
      await system.settle();

      expect(await system.inspect.host(device.name)).toMatchObject({ hostid: host.hostid, status: 1 });
    });

    it('should remove the host when its device is decommissioning and the status policy removes those', async () => {
      await system.database.updateSettings({
        statusPolicy: { offline: 'disable', decommissioning: 'remove' },
      });
      const [device, host] = await created('decommissioning');

      devices.update(device, { status: { value: 'decommissioning', label: 'Decommissioning' } });
      await devices.announce(device);
      await system.settle();

      expect(await system.inspect.host(device.name)).toBeUndefined();
      await expectArchived(host.hostid, `${device.name}_archived`);
    });

    /** Back from the graveyard: the archived host itself, as it was before, and no second host beside it. */
    async function expectRestored(device: TestDevice, before: ZabbixHost): Promise<void> {
      expect(await lastJob(device)).toMatchObject({ status: 'completed', operation: 'restored' });
      const restored = await system.inspect.hostById(before.hostid);
      expect(restored).toMatchObject({
        host: before.host,
        name: before.name,
        status: 0,
        interfaces: before.interfaces,
        inventory: before.inventory,
      });
      expect(restored && groupNames(restored)).toEqual(groupNames(before));
      expect(restored && templateNames(restored)).toEqual(templateNames(before));
      expect(restored && sortedTags(restored)).toEqual(sortedTags(before));
      const ofDevice = await system.zabbix.getHostsByAnyTag([
        { tag: 'netbox-object', value: device.hostKey },
      ]);
      expect(ofDevice.map((host) => host.hostid)).toEqual([before.hostid]);
    }

    it('should restore the archived host, same hostid, when a decommissioned device is set active again', async () => {
      await system.database.updateSettings({ statusPolicy: { decommissioning: 'remove' } });
      const [device, host] = await created('comeback');
      devices.update(device, { status: { value: 'decommissioning', label: 'Decommissioning' } });
      await devices.announce(device);
      await system.settle();
      await expectArchived(host.hostid, `${device.name}_archived`);

      devices.update(device, { status: { value: 'active', label: 'Active' } });
      await devices.announce(device);
      await system.settle();

      await expectRestored(device, host);
    });

    it('should restore the archived host, same hostid, when the exclusion custom field is cleared', async () => {
      await system.database.updateSettings({ excludeCustomFieldEnabled: true });
      const [device, host] = await created('included-again');
      devices.update(device, { custom_fields: { exclude_from_zabbix: true } });
      await devices.announce(device);
      await system.settle();
      await expectArchived(host.hostid, `${device.name}_archived`);

      devices.update(device, { custom_fields: { exclude_from_zabbix: false } });
      await devices.announce(device);
      await system.settle();

      await expectRestored(device, host);
    });

    it('should archive under the next free graveyard name when the first one is taken', async () => {
      const device = devices.add('clash');
      const squatter = await system.inspect.createHost(`${device.name}_archived`, `${prefix}by-hand`);
      await devices.announce(device, 'created');
      await system.settle();
      const host = await hostNamed(device.name);

      await devices.delete(device);
      await system.settle();

      await expectArchived(host.hostid, `${device.name}_archived-2`);
      expect(await system.inspect.hostById(squatter)).toMatchObject({ host: `${device.name}_archived` });
    });

    it('should delete the host when the delete setting is HARD', async () => {
      await system.database.updateSettings({ deleteSetting: 'HARD' });
      const [device, host] = await created('hard');

      await devices.delete(device);
      await system.settle();

      expect(await lastJob(device)).toMatchObject({ kind: 'DeleteZabbixHost', operation: 'deleted' });
      expect(await system.inspect.hostById(host.hostid)).toBeUndefined();
      expect(await system.inspect.countHosts(`${device.name}_archived`)).toBe(0);
    });

    it('should delete the maintenance and then the host when the host is the only member of a maintenance', async () => {
      await system.database.updateSettings({ deleteSetting: 'HARD' });
      const [device, host] = await created('maintained');
      const maintenanceid = await system.inspect.createMaintenance(`${prefix}maintenance`, host.hostid);

      await devices.delete(device);
      await system.settle();

      expect(await lastJob(device)).toMatchObject({ kind: 'DeleteZabbixHost', status: 'completed' });
      expect(await system.inspect.maintenanceExists(maintenanceid)).toBe(false);
      expect(await system.inspect.hostById(host.hostid)).toBeUndefined();
    });
  });

  describe('changes', () => {
    it('should retag every host of a site when the site is renamed', async () => {
      await system.database.setDeviceTagMapping([['Site', 'site.name']]);
      const site = devices.reference('sites', 'Old Site Name');
      const members = await createdAll(['site-member-1', { site }], ['site-member-2', { site }]);
      for (const [, before] of members)
        expect(mappedTags(before)).toEqual([{ tag: 'Site', value: 'Old Site Name' }]);

      // As NetBox renders it after the rename: every device of the site nests the new name.
      const renamed = { ...site, name: 'New Site Name', display: 'New Site Name' };
      for (const [device] of members) devices.update(device, { site: renamed });
      await system.deliver(netboxWebhookBody('dcim.site', 'updated', renamed));
      await system.settle();

      expect(members).toHaveLength(2);
      for (const [device, before] of members) {
        const after = await hostNamed(device.name);
        expect(after.hostid).toBe(before.hostid);
        expect(mappedTags(after)).toEqual([{ tag: 'Site', value: 'New Site Name' }]);
      }
    });

    it("should unlink the old template and remove its items when the mapping's template changes", async () => {
      const site = devices.reference('sites', 'Template Site');
      const mappingId = await system.database.addDeviceMapping({
        name: 'template change',
        sites: [site.id],
        hostGroups: [`${prefix}template-change`],
        templates: ['Linux by Zabbix agent'],
      });
      const [device, host] = await created('templates-clear', { site });
      expect(templateNames(host)).toEqual(['Linux by Zabbix agent']);
      expect(await system.inspect.itemKeys(host.hostid)).toEqual(expect.arrayContaining(['agent.ping']));

      await system.database.setDeviceMappingTemplates(mappingId, ['ICMP Ping']);
      await devices.announce(device);
      await system.settle();

      const after = await hostNamed(device.name);
      expect(templateNames(after)).toEqual(['ICMP Ping']);
      expect(await system.inspect.itemKeys(host.hostid)).toEqual(ICMP_PING_ITEM_KEYS);
    });

    it('should rename the Zabbix host, keeping its id, when the device is renamed', async () => {
      const [device, host] = await created('before-rename');
      const newName = `${prefix}after-rename`;

      devices.update(device, { name: newName });
      await devices.announce(device);
      await system.settle();

      expect(await system.inspect.host(newName)).toMatchObject({ hostid: host.hostid, name: newName });
      expect(await system.inspect.host(device.name)).toBeUndefined();
    });

    it('should adopt a host made by hand under the device name instead of creating a second one', async () => {
      const device = devices.add('brownfield');
      const handMade = await system.inspect.createHost(device.name, `${prefix}by-hand`);

      await devices.announce(device, 'created');
      await system.settle();

      expect(await lastJob(device)).toMatchObject({
        kind: 'CreateZabbixHost',
        status: 'completed',
        operation: 'adopted',
        hostid: handMade,
      });
      expect((await system.database.hostConfig('dcim.device', device.id))?.hostid).toBe(handMade);
      expect(await system.inspect.countHosts(device.name)).toBe(1);
      const host = await hostNamed(device.name);
      expect(host.hostid).toBe(handMade);
      expect(groupNames(host)).toEqual([system.defaultHostGroup]);
      expect(templateNames(host)).toEqual(['ICMP Ping']);
      expect(host.interfaces).toEqual([expect.objectContaining({ ip: device.ip, port: '10050' })]);
    });
  });

  describe('a burst of 50 edits to one device, with two writers', () => {
    /**
     * Changes the device's description 50 times, posting each change's webhook once the scheduler has taken
     * the previous one in, as a NetBox sending its webhooks one by one to a bridge that keeps up.
     */
    async function burst(device: TestDevice): Promise<void> {
      for (let edit = 1; edit <= 50; edit += 1) {
        devices.update(device, { description: `burst edit ${edit}` });
        await devices.announce(device);
        await system.waitFor(() => system.eventsHandled(), `edit ${edit} handled`, 30_000, 5);
      }
    }

    async function updateJobs(device: TestDevice): Promise<JobRow[]> {
      return (await system.database.jobs(device.hostKey))
        .filter((job) => job.kind === 'UpdateZabbixHost')
        .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0));
    }

    /** Two writers never work on the host at once: each write starts after the previous one ended. */
    function expectOneAtATime(writes: readonly JobRow[]): void {
      for (const [index, job] of writes.entries()) {
        expect(job).toMatchObject({
          status: 'completed',
          startedAt: expect.any(Date),
          completedAt: expect.any(Date),
        });
        const previous = writes[index - 1];
        if (previous?.completedAt && job.startedAt) {
          expect(job.startedAt.getTime()).toBeGreaterThanOrEqual(previous.completedAt.getTime());
        }
      }
    }

    it('should write the host at most twice, ending in the last state, when the burst arrives while its first write is held up', async () => {
      const [device, host] = await created('burst-held');

      system.pauseWriters();
      try {
        await burst(device);
      } finally {
        system.resumeWriters();
      }
      await system.settle();

      expect(await hostNamed(device.name)).toMatchObject({
        hostid: host.hostid,
        description: 'burst edit 50',
      });
      const updates = await system.inspect.auditedHostUpdates(host.hostid);
      expect(updates).toBeGreaterThanOrEqual(1);
      expect(updates).toBeLessThanOrEqual(2);
      const writes = await updateJobs(device);
      expect(writes.length).toBeLessThanOrEqual(2);
      expectOneAtATime(writes);
    });

    describe('while the writers run', () => {
      let device: TestDevice;
      let hostid: string;

      beforeAll(async () => {
        let host: ZabbixHost;
        [device, host] = await created('burst-live');
        hostid = host.hostid;
        await burst(device);
        await system.settle();
      });

      it('should end in the last state, without two writes to the host at once, when the burst is over', async () => {
        expect(await hostNamed(device.name)).toMatchObject({ hostid, description: 'burst edit 50' });
        const writes = await updateJobs(device);
        expect(writes.length).toBeGreaterThanOrEqual(1);
        expectOneAtATime(writes);
      });

      // Edits paced a few tens of ms apart outlast any one host.update: before the settle window they made one
      // write per job round trip (22–37 for these 50). Now the follow-up waits until the edits are quiet.
      it(BURST_WRITES_TEST, async () => {
        const updates = await system.inspect.auditedHostUpdates(hostid);
        const writes = await updateJobs(device);
        expect({ auditedHostUpdates: updates, updateJobs: writes.length }).toEqual({
          auditedHostUpdates: Math.min(updates, 2),
          updateJobs: Math.min(writes.length, 2),
        });
      });
    });
  });
});
