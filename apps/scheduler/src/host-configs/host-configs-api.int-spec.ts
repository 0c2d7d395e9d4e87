import { HostConfig } from '@lib/models';
import { FAKE_NETBOX_V1_TOKEN, FakeNetboxServer, waitFor } from '@lib/testing';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { HostConfigActionsService } from './host-config-actions.service';

jest.setTimeout(60_000);

const TOKEN = 'host-configs-test-token-0123456789';
const PSK = 'fedcba9876543210fedcba9876543210';

/** Host configs through the API on real PostgreSQL and NATS; NetBox is faked, the test plays the writer. */
describe(HostConfigActionsService.name, () => {
  let netbox: FakeNetboxServer;
  let harness: SchedulerHarness;
  let api: ApiClient;
  let id = 0;

  beforeAll(async () => {
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    netbox.clearHosts();
    netbox.upsertIpAddress({ id: 9201, address: '192.0.2.201/24', dns_name: '' });
    netbox.upsertDevice({ id: 9201, name: 'api-edge01', site: 3, role: 4, primary_ip4: 9201 });
    netbox.upsertDevice({ id: 9202, name: 'api-no-ip', site: 3, role: 4 });
    harness = await SchedulerHarness.start({
      API_TOKENS: `admin:rw:${TOKEN},viewer:ro:viewer-token-0123456789`,
      NETBOX_URL: netbox.url,
      NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN,
      COALESCE_WINDOW_MS: '0',
      SETTINGS_CACHE_MS: '0',
    });
    api = await ApiClient.listen(harness, TOKEN);
    await api.patch('/api/settings', { tlsPskIdentity: 'psk-edge', tlsPsk: PSK, tlsConnect: 'PSK' });
  });

  afterAll(async () => {
    await harness?.stop();
    await netbox?.close();
  });

  it('should bring a NetBox device into Zabbix through a create job', async () => {
    const answer = await api.post('/api/host-configs', { objectType: 'dcim.device', objectId: 9201 });

    expect(answer.status).toBe(202);
    const job = await harness.nextJob();
    expect(job).toMatchObject({
      jobId: answer.body.jobId,
      kind: 'CreateZabbixHost',
      hostKey: 'dcim.device:9201',
    });
    const hostConfig = answer.body.hostConfig as Record<string, unknown>;
    expect(hostConfig).toMatchObject({ name: 'api-edge01', hostKey: 'dcim.device:9201', hostid: null });
    id = Number(hostConfig.id);
    expect((await api.get(`/api/jobs/${String(answer.body.jobId)}`)).body.username).toBe('admin');
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '99201' });
    await waitFor(async () => (await harness.hostConfig('dcim.device', 9201))?.hostid === '99201', 'created');
  });

  it('should refuse what NetBox does not have or does not monitor, and name bad fields', async () => {
    const missing = await api.post('/api/host-configs', { objectType: 'dcim.device', objectId: 9999 });
    const unmonitored = await api.post('/api/host-configs', { objectType: 'dcim.device', objectId: 9202 });
    const bad = await api.post('/api/host-configs', { objectType: 'dcim.cable', objectId: -1 });

    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual(['objectId']);
    expect(unmonitored.status).toBe(409);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['objectType', 'objectId']);
  });

  it('should list host configs with filters and paging', async () => {
    await harness.dataSource.query(
      `INSERT INTO host_config (name, object_type, object_id, in_sync, status) VALUES
         ('api-other-1', 'virtualization.virtualmachine', 1, false, 1),
         ('api-other-2', 'virtualization.virtualmachine', 2, true, 0)`,
    );

    const all = await api.get('/api/host-configs?limit=2');
    const byName = await api.get('/api/host-configs?name=EDGE');
    const disabledVms = await api.get('/api/host-configs?objectType=virtualization.virtualmachine&status=1');
    const inZabbix = await api.get('/api/host-configs?inZabbix=true');
    const secondPage = await api.get('/api/host-configs?limit=2&offset=2');
    const bad = await api.get('/api/host-configs?inSync=maybe&status=5&limit=0');

    expect(all.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect((all.body.items as { name: string }[]).map((host) => host.name)).toEqual([
      'api-edge01',
      'api-other-1',
    ]);
    expect((byName.body.items as { id: number }[]).map((host) => host.id)).toEqual([id]);
    expect((disabledVms.body.items as { name: string }[]).map((host) => host.name)).toEqual(['api-other-1']);
    expect(inZabbix.body.total).toBe(1);
    expect((secondPage.body.items as { name: string }[]).map((host) => host.name)).toEqual(['api-other-2']);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining(['inSync', 'status', 'limit']));
  });

  it('should show one host config with its stored difference and no secret', async () => {
    await harness.dataSource
      .getRepository(HostConfig)
      .update(id, { syncDifference: ['templates'], inSync: false });

    const answer = await api.get(`/api/host-configs/${id}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id,
      hostid: '99201',
      syncDifference: ['templates'],
      inSync: false,
      hostGroups: [expect.objectContaining({ name: 'NetBox' })],
      templates: [expect.objectContaining({ name: 'ICMP Ping' })],
    });
    expect(answer.body.desiredState).toMatchObject({ host: 'api-edge01', tlsPskIdentity: 'psk-edge' });
    expect(answer.text).not.toContain(PSK);
    expect((await api.get('/api/host-configs/99999')).status).toBe(404);
  });

  it('should update the host in Zabbix on request, even when nothing changed', async () => {
    const create = await api.post(`/api/host-configs/${id}/create`);
    const answer = await api.post(`/api/host-configs/${id}/update`);

    expect(create.status).toBe(409);
    expect(answer.status).toBe(202);
    const job = await harness.nextJob();
    expect(job).toMatchObject({ jobId: answer.body.jobId, kind: 'UpdateZabbixHost', hostid: '99201' });
    expect(JSON.stringify(job)).not.toContain(PSK);
    await harness.report(job, 'succeeded', { operation: 'updated', hostid: '99201' });
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 9201))?.activeJobId === null,
      'job done',
    );
  });

  it('should refuse a change with a read-only token', async () => {
    expect(
      (await api.withToken('viewer-token-0123456789').post(`/api/host-configs/${id}/update`)).status,
    ).toBe(403);
  });

  it('should delete the host from Zabbix through a delete job, then forget it', async () => {
    const answer = await api.delete(`/api/host-configs/${id}`);

    expect(answer.status).toBe(202);
    const job = await harness.nextJob();
    expect(job).toMatchObject({ jobId: answer.body.jobId, hostKey: 'dcim.device:9201' });
    expect('kind' in job).toBe(false);
    expect((await api.delete(`/api/host-configs/${id}`)).status).toBe(409);
    await harness.report(job, 'succeeded', { operation: 'deleted' });
    await waitFor(async () => (await api.get(`/api/host-configs/${id}`)).status === 404, 'forgotten');
  });
});
