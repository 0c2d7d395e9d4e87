import { type HostUpsertJobPayload } from '@lib/contracts';
import { Job } from '@lib/models';
import { FAKE_NETBOX_V1_TOKEN, FakeNetboxServer, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { RulesChangeWatcher } from './rules-change-watcher.service';

jest.setTimeout(90_000);

/** A mapping or setting change re-plans the hosts it affects, once, through SyncHostsNow. */
describe(RulesChangeWatcher.name, () => {
  let netbox: FakeNetboxServer;
  let harness: SchedulerHarness;
  let watcher: RulesChangeWatcher;

  beforeAll(async () => {
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    for (const id of [101, 102, 103]) netbox.deleteDevice(id);
    for (const id of [201, 202, 203]) netbox.deleteVirtualMachine(id);
    harness = await SchedulerHarness.start({
      NETBOX_URL: netbox.url,
      NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN,
      COALESCE_WINDOW_MS: '0',
      SETTINGS_CACHE_MS: '0',
      RULES_CHECK_INTERVAL_MS: '3600000',
    });
    watcher = harness.app.get(RulesChangeWatcher);
    netbox.upsertIpAddress({ id: 9101, address: '192.0.2.101/24', dns_name: '' });
    netbox.upsertDevice({ id: 9101, name: 'rules-device', site: 3, role: 4, primary_ip4: 9101 });
    await harness.publishEvent('dcim.device', 9101, 'created', { id: 9101 });
    await harness.report(await harness.nextJob(), 'succeeded', { operation: 'created', hostid: '99101' });
    await waitFor(async () => (await harness.hostConfig('dcim.device', 9101))?.inSync === true, 'in sync');
  });

  afterAll(async () => {
    await harness?.stop();
    await netbox?.close();
  });

  it('should only record the rules on its first look', async () => {
    expect(await watcher.check()).toBeNull();
    expect(await watcher.check()).toBeNull();
  });

  it('should not re-plan for a setting that does not shape hosts', async () => {
    await harness.dataSource.query(`UPDATE settings SET zabbix_import_interval = 60, max_deletions = 10`);

    expect(await watcher.check()).toBeNull();
  });

  it('should re-plan every host once when a mapping changes, sending jobs only where the host changes', async () => {
    await harness.dataSource.query(
      `INSERT INTO template (name) VALUES ('Linux by Zabbix agent') ON CONFLICT DO NOTHING`,
    );
    await harness.dataSource.query(
      `INSERT INTO device_mapping_templates (device_mapping_id, template_id)
       SELECT m.id, t.id FROM device_mapping m, template t WHERE m.is_default AND t.name = 'Linux by Zabbix agent'`,
    );

    const started = await watcher.check();

    expect(started).toMatchObject({
      kind: 'SyncHostsNow',
      trigger: 'settings',
      parameters: { changesOnly: true },
    });
    expect(await watcher.check()).toBeNull();
    const job = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(job).toMatchObject({ kind: 'UpdateZabbixHost', hostid: '99101' });
    expect([...job.desired.templates].sort()).toEqual(['ICMP Ping', 'Linux by Zabbix agent']);
    await harness.report(job, 'succeeded', { operation: 'updated', hostid: '99101' });
    const sync = await waitFor(async () => {
      const row = await harness.dataSource.getRepository(Job).findOneBy({ id: started?.id });
      return row?.status === 'completed' ? row : undefined;
    }, 'the re-plan completed');
    expect(sync.result).toMatchObject({ planned: { update: 1 }, jobs: { total: 1, updated: 1 } });
  });
});
