import { randomInt } from 'node:crypto';
import { loadNetboxFixture } from '@lib/testing';
import { BridgeSystem } from './support/bridge-system';
import { netboxWebhookBody, type NetboxWebhookData } from './support/netbox-webhook';

jest.setTimeout(180_000);

/**
 * The whole path through three processes: a signed NetBox webhook → ingester → JetStream → scheduler →
 * PostgreSQL and a job → zabbix-writer → the real Zabbix → result → scheduler. No NETBOX_URL here: the
 * scheduler follows the device from the webhook data alone.
 */
describe('NetBox webhook to Zabbix host (end to end)', () => {
  const system = new BridgeSystem();
  const deviceId = randomInt(100_000, 900_000);
  const hostKey = `dcim.device:${deviceId}`;
  const deviceName = `${system.prefix}ams1-core-rtr01`;
  let lastUpdated = Date.parse('2026-11-01T00:00:00Z');

  function deviceWebhook(event: 'created' | 'updated', ip: string): string {
    const { data } = loadNetboxFixture<{ data: NetboxWebhookData }>(`webhook-device-${event}.json`);
    lastUpdated += 60_000;
    return netboxWebhookBody('dcim.device', event, {
      ...data,
      id: deviceId,
      name: deviceName,
      display: deviceName,
      primary_ip4: {
        id: 9_000_001,
        address: `${ip}/24`,
        dns_name: '',
        family: { value: 4, label: 'IPv4' },
      },
      last_updated: new Date(lastUpdated).toISOString(),
    });
  }

  async function jobs(): Promise<{ kind: string; status: string; error: string | null }[]> {
    return (await system.database.jobs(hostKey)).map(({ kind, status, error }) => ({ kind, status, error }));
  }

  beforeAll(async () => {
    await system.start();
  });

  afterAll(async () => {
    await system.stop();
  });

  afterEach(() => {
    system.printLogsIfAssertionsFailed();
  });

  it('should create the Zabbix host with the mapping groups, template and agent interface when a device is created', async () => {
    const answer = await system.postWebhook(deviceWebhook('created', '192.0.2.10'));
    expect(answer).toMatchObject({ status: 202, json: { accepted: true, duplicate: false } });

    const host = await system.waitFor(() => system.inspect.host(deviceName), 'the Zabbix host', 60_000);
    expect(host.name).toBe(deviceName);
    expect(host.groups.map((group) => group.name)).toEqual([system.defaultHostGroup]);
    expect(host.templates.map((template) => template.name)).toEqual(['ICMP Ping']);
    expect(host.interfaces).toEqual([
      expect.objectContaining({ main: true, useIp: true, ip: '192.0.2.10', port: '10050' }),
    ]);
    await system.settle();
    expect(await jobs()).toEqual([{ kind: 'CreateZabbixHost', status: 'completed', error: null }]);
  });

  it('should move the agent interface, keeping its id, when the primary IP changes', async () => {
    const before = await system.inspect.host(deviceName);
    const answer = await system.postWebhook(deviceWebhook('updated', '192.0.2.77'));
    expect(answer.status).toBe(202);

    const after = await system.waitFor(
      async () => {
        const host = await system.inspect.host(deviceName);
        return host?.interfaces[0]?.ip === '192.0.2.77' && host;
      },
      'the new interface address',
      60_000,
    );
    expect(after.hostid).toBe(before?.hostid);
    expect(after.interfaces).toEqual([
      expect.objectContaining({ interfaceid: before?.interfaces[0]?.interfaceid, ip: '192.0.2.77' }),
    ]);
    await system.settle();
    expect((await jobs()).map((job) => `${job.kind}:${job.status}`)).toEqual([
      'CreateZabbixHost:completed',
      'UpdateZabbixHost:completed',
    ]);
  });

  it('should answer 401 and publish nothing when the signature is wrong', async () => {
    const stored = await system.storedEvents();
    const body = deviceWebhook('updated', '203.0.113.5');
    const answer = await system.postWebhook(body, system.sign(body, 'not-the-secret'));
    expect(answer.status).toBe(401);
    expect(await system.storedEvents()).toBe(stored);
  });

  it('should create one host and run no extra job when the same webhook is delivered twice', async () => {
    const body = deviceWebhook('updated', '192.0.2.88');
    const first = await system.postWebhook(body);
    const second = await system.postWebhook(body);
    expect(first).toMatchObject({ status: 202, json: { duplicate: false } });
    expect(second).toMatchObject({ status: 202, json: { duplicate: true } });

    await system.waitFor(
      async () => (await system.inspect.host(deviceName))?.interfaces[0]?.ip === '192.0.2.88',
      'the update',
      60_000,
    );
    await system.settle();
    expect(await system.inspect.countHosts(deviceName)).toBe(1);
    expect((await jobs()).filter((job) => job.kind === 'UpdateZabbixHost')).toHaveLength(2);
  });
});
