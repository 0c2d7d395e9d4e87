import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type ZabbixClient, type ZabbixHost } from '@lib/clients';
import { Streams } from '@lib/contracts';
import { NatsConnection } from '@lib/messaging';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  loadNetboxFixture,
  PrivateNatsServer,
  TestDatabase,
  uniqueZabbixTestPrefix,
  waitFor,
  zabbixTestConnection,
} from '@lib/testing';
import { freePort, ServiceProcesses } from './support/service-processes';

jest.setTimeout(180_000);

const SECRET = 'e2e-webhook-secret';

type Webhook = {
  event: string;
  timestamp: string;
  request_id: string;
  request?: { id: string };
  data: Record<string, unknown> & { id: number; name: string };
};

/**
 * The whole path through three processes: a signed NetBox webhook → ingester → JetStream → scheduler →
 * PostgreSQL and a job → zabbix-writer → the real Zabbix → result → scheduler.
 */
describe('NetBox webhook to Zabbix host (end to end)', () => {
  const prefix = uniqueZabbixTestPrefix();
  const hostGroup = `${prefix}NetBox`;
  const deviceId = randomInt(100_000, 900_000);
  const deviceName = `${prefix}ams1-core-rtr01`;
  const database = new TestDatabase();
  let nats: PrivateNatsServer;
  let services: ServiceProcesses;
  let zabbix: ZabbixClient;
  let observer: NatsConnection;
  let webhookUrl: string;
  let lastUpdated = Date.parse('2026-11-01T00:00:00Z');

  function deviceWebhook(event: 'created' | 'updated', ip: string): string {
    const fixture = loadNetboxFixture<Webhook>(`webhook-device-${event}.json`);
    const requestId = randomUUID();
    lastUpdated += 60_000;
    const body: Webhook = {
      ...fixture,
      request_id: requestId,
      request: { ...fixture.request, id: requestId },
      data: {
        ...fixture.data,
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
      },
    };
    return JSON.stringify(body);
  }

  function sign(body: string, secret = SECRET): string {
    return createHmac('sha512', secret).update(body).digest('hex');
  }

  async function post(
    body: string,
    signature = sign(body),
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async function zabbixHost(): Promise<ZabbixHost | undefined> {
    const hosts = await zabbix.getHostsByTechnicalNames([deviceName]);
    return hosts[0];
  }

  async function jobs(): Promise<{ kind: string; status: string; error: string | null }[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ kind: string; status: string; error: string | null }>(
        'SELECT kind, status, error FROM job WHERE host_key = $1 ORDER BY created_at',
        [`dcim.device:${deviceId}`],
      );
      return result.rows;
    } finally {
      await client.end();
    }
  }

  async function storedEvents(): Promise<number> {
    return (await observer.jetstreamManager.streams.info(Streams.netboxEvents.name)).state.messages;
  }

  async function ready(url: string): Promise<boolean> {
    return fetch(url).then(
      (response) => response.ok,
      () => false,
    );
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    await database.create();
    zabbix = createZabbixTestClient();
    const connection = zabbixTestConnection();
    const ingesterPort = await freePort();
    const schedulerPort = await freePort();
    services = new ServiceProcesses({
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'log',
      INGESTER_HOST: '127.0.0.1',
      INGESTER_PORT: String(ingesterPort),
      WEBHOOK_SECRET: SECRET,
      SCHEDULER_PORT: String(schedulerPort),
      OUTBOX_INTERVAL_MS: '500',
      DEFAULT_DEVICE_HOST_GROUPS: hostGroup,
      DEFAULT_DEVICE_TEMPLATES: 'ICMP Ping',
      ZABBIX_URL: connection.url,
      ZABBIX_USER: connection.username ?? 'Admin',
      ZABBIX_PASSWORD: connection.password ?? 'zabbix',
      ...(connection.apiToken ? { ZABBIX_API_TOKEN: connection.apiToken } : {}),
    });
    services.start('scheduler');
    await waitFor(() => ready(`http://127.0.0.1:${schedulerPort}/readyz`), 'the scheduler', 60_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${services.allLogs()}`);
      },
    );
    services.start('zabbix-writer');
    services.start('ingester');
    await waitFor(() => ready(`http://127.0.0.1:${ingesterPort}/readyz`), 'the ingester', 60_000);
    webhookUrl = `http://127.0.0.1:${ingesterPort}/webhooks/netbox`;
    observer = new NatsConnection({ servers: nats.url, name: 'e2e-observer' });
    await observer.open();
  });

  afterAll(async () => {
    await services?.stopAll();
    await observer?.close();
    if (zabbix) await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix?.close();
    await database.drop();
    await nats?.dispose();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) process.stderr.write(services.allLogs());
  });

  it('should create the Zabbix host with the mapping groups, template and agent interface when a device is created', async () => {
    const answer = await post(deviceWebhook('created', '192.0.2.10'));
    expect(answer).toMatchObject({ status: 202, json: { accepted: true, duplicate: false } });

    const host = await waitFor(zabbixHost, 'the Zabbix host', 60_000);
    expect(host.name).toBe(deviceName);
    expect(host.groups.map((group) => group.name)).toEqual([hostGroup]);
    expect(host.templates.map((template) => template.name)).toEqual(['ICMP Ping']);
    expect(host.interfaces).toEqual([
      expect.objectContaining({ main: true, useIp: true, ip: '192.0.2.10', port: '10050' }),
    ]);
    await waitFor(
      async () => (await jobs()).every((job) => job.status === 'completed') || undefined,
      'completed jobs',
    );
    expect(await jobs()).toEqual([{ kind: 'CreateZabbixHost', status: 'completed', error: null }]);
  });

  it('should move the agent interface, keeping its id, when the primary IP changes', async () => {
    const before = await zabbixHost();
    const answer = await post(deviceWebhook('updated', '192.0.2.77'));
    expect(answer.status).toBe(202);

    const after = await waitFor(
      async () => ((await zabbixHost())?.interfaces[0]?.ip === '192.0.2.77' ? zabbixHost() : undefined),
      'the new interface address',
      60_000,
    );
    expect(after?.hostid).toBe(before?.hostid);
    expect(after?.interfaces).toEqual([
      expect.objectContaining({ interfaceid: before?.interfaces[0]?.interfaceid, ip: '192.0.2.77' }),
    ]);
    await waitFor(
      async () => (await jobs()).every((job) => job.status === 'completed') || undefined,
      'completed jobs',
    );
    expect((await jobs()).map((job) => `${job.kind}:${job.status}`)).toEqual([
      'CreateZabbixHost:completed',
      'UpdateZabbixHost:completed',
    ]);
  });

  it('should answer 401 and publish nothing when the signature is wrong', async () => {
    const stored = await storedEvents();
    const body = deviceWebhook('updated', '203.0.113.5');
    const answer = await post(body, sign(body, 'not-the-secret'));
    expect(answer.status).toBe(401);
    expect(await storedEvents()).toBe(stored);
  });

  it('should create one host and run no extra job when the same webhook is delivered twice', async () => {
    const body = deviceWebhook('updated', '192.0.2.88');
    const first = await post(body);
    const second = await post(body);
    expect(first).toMatchObject({ status: 202, json: { duplicate: false } });
    expect(second).toMatchObject({ status: 202, json: { duplicate: true } });

    await waitFor(
      async () => (await zabbixHost())?.interfaces[0]?.ip === '192.0.2.88' || undefined,
      'the update',
      60_000,
    );
    await waitFor(
      async () => (await jobs()).every((job) => job.status === 'completed') || undefined,
      'completed jobs',
    );
    expect(await zabbix.getHostsByTechnicalNames([deviceName])).toHaveLength(1);
    expect((await jobs()).filter((job) => job.kind === 'UpdateZabbixHost')).toHaveLength(2);
  });
});
