import { type Subscription } from '@nats-io/nats-core';
import { Consumers, Messages, Streams } from '@lib/contracts';
import { JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { InterfaceType } from '@lib/models';
import { TEST_SECRETS_KEY } from '@lib/testing';
import { BridgeSystem, type NatsUser } from './support/bridge-system';
import { NetboxDevices, type TestDevice } from './support/netbox-devices';
import { netboxWebhookBody } from './support/netbox-webhook';

jest.setTimeout(180_000);

const PSK = '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0';
const AUTH_PASSPHRASE = 'nbzb-e2e-snmp-auth-Kq7Zp';
const PRIV_PASSPHRASE = 'nbzb-e2e-snmp-priv-Wm3Rt';
const MISSING_TEMPLATE = 'nbzb e2e template that does not exist';

/**
 * Issue 9, security, end to end: NATS as compose runs it (the repository's nats-server.conf, one user per
 * app), a PSK on every host and SNMPv3 passphrases from the settings, an SNMPv3 host, an agent host and a job
 * that fails for good (dead letter). After the run, no secret is found in any process's output, any message
 * that crossed the bus (tapped as it went, and what the streams keep), any table row as stored, or any
 * management API response; and the writer got them all the same (Zabbix has the passphrases).
 */
describe('Security (end to end)', () => {
  const system = new BridgeSystem({
    fakeNetbox: true,
    secureNats: true,
    environment: { SETTINGS_CACHE_MS: '0', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32, ::1/128' },
  });
  const devices = new NetboxDevices(system);
  const prefix = system.prefix;
  const secrets = [
    PSK,
    AUTH_PASSPHRASE,
    PRIV_PASSPHRASE,
    BridgeSystem.WEBHOOK_SECRET,
    BridgeSystem.API_TOKEN,
    TEST_SECRETS_KEY,
    ...(['ingester', 'scheduler', 'writer', 'monitor'] as const).map((user) =>
      BridgeSystem.natsPassword(user),
    ),
  ];
  const tapped: string[] = [];
  const taps: NatsConnection[] = [];
  let snmpHost: TestDevice;
  let agentHost: TestDevice;
  let deadHost: TestDevice;

  async function connectAs(user: NatsUser, name: string): Promise<NatsConnection> {
    const connection = new NatsConnection({ servers: system.natsUrl, name, auth: system.natsAuth(user) });
    await connection.open();
    taps.push(connection);
    return connection;
  }

  function tap(connection: NatsConnection, subject: string): Subscription {
    const decoder = new TextDecoder();
    return connection.core.subscribe(subject, {
      callback: (_error, message) => {
        tapped.push(`${message.subject} ${decoder.decode(message.data)}`);
      },
    });
  }

  function found(text: string): string[] {
    return secrets.filter((secret) => text.includes(secret));
  }

  async function api(path: string): Promise<string> {
    const response = await fetch(`${system.schedulerUrl}${path}`, { headers: system.apiHeaders });
    expect(response.status).toBe(200);
    return response.text();
  }

  async function streamMessages(stream: string): Promise<string[]> {
    const manager = (await connectAs('scheduler', `e2e-security-read-${stream}`)).jetstreamManager;
    const { first_seq: first, last_seq: last } = (await manager.streams.info(stream)).state;
    const bodies: string[] = [];
    for (let sequence = first; sequence <= last && last > 0; sequence += 1) {
      const message = await manager.streams.getMessage(stream, { seq: sequence }).catch(() => null);
      if (message) bodies.push(`${message.subject} ${new TextDecoder().decode(message.data)}`);
    }
    return bodies;
  }

  beforeAll(async () => {
    await system.start();
    // Taps on the bus, each with a user allowed to read what it taps: every message that goes by is kept.
    const writerTap = await connectAs('writer', 'e2e-security-tap-jobs');
    tap(writerTap, 'zabbix.job.>');
    const schedulerTap = await connectAs('scheduler', 'e2e-security-tap');
    for (const subject of ['netbox.event.>', 'zabbix.result.>', 'dlq.>']) tap(schedulerTap, subject);
    await writerTap.core.flush();
    await schedulerTap.core.flush();

    await system.database.updateSettings({
      tlsConnect: 'PSK',
      tlsAccept: 'PSK',
      tlsPskIdentity: `${prefix}psk`,
      tlsPsk: PSK,
      snmpAuthpassphrase: AUTH_PASSPHRASE,
      snmpPrivpassphrase: PRIV_PASSPHRASE,
    });
    const snmpSite = devices.reference('sites', 'Security SNMP Site');
    const deadSite = devices.reference('sites', 'Security Dead Site');
    await system.database.addDeviceMapping({
      name: 'security snmp',
      sites: [snmpSite.id],
      interfaceType: InterfaceType.Snmp,
      hostGroups: [`${prefix}snmp`],
      templates: ['Generic by SNMP'],
    });
    await system.database.addDeviceMapping({
      name: 'security missing template',
      sites: [deadSite.id],
      hostGroups: [`${prefix}dead`],
      templates: [MISSING_TEMPLATE],
    });
    snmpHost = await devices.create('snmpv3', { site: snmpSite });
    agentHost = await devices.create('agent-psk');
    deadHost = await devices.create('dead', { site: deadSite });
    await system.settle(90_000);
  });

  afterAll(async () => {
    system.printLogsIfAssertionsFailed();
    for (const connection of taps) await connection.close(1_000);
    await system.stop();
  });

  it('should write the hosts with the secrets the writer opened: Zabbix has the SNMPv3 passphrases', async () => {
    const snmp = await system.inspect.host(snmpHost.name);
    const agent = await system.inspect.host(agentHost.name);
    expect(snmp).toBeDefined();
    expect(agent).toBeDefined();
    const [snmpInterface] = await system.inspect.interfaces(snmp?.hostid ?? '');
    expect(snmpInterface?.details).toMatchObject({ version: '3', securitylevel: '2' });
    // Zabbix 6.0 returns the passphrases it stored; later versions may keep them to themselves.
    const details = snmpInterface?.details as Record<string, string> | undefined;
    if (details?.authpassphrase !== undefined) {
      expect(details).toMatchObject({ authpassphrase: AUTH_PASSPHRASE, privpassphrase: PRIV_PASSPHRASE });
    }
    const [row] = await system.database.jobs(deadHost.hostKey);
    expect(row?.status).toMatch(/failed|dead_lettered/);
  });

  it('should carry no secret in any message that crossed the bus or that the streams keep', async () => {
    expect(tapped.some((message) => message.startsWith('zabbix.job.host-upsert.v1 '))).toBe(true);
    expect(tapped.some((message) => message.includes('"sealedSecrets":"enc:v1:'))).toBe(true);
    expect(tapped.some((message) => message.startsWith('dlq.'))).toBe(true);
    expect(found(tapped.join('\n'))).toEqual([]);
    const kept = [
      ...(await streamMessages(Streams.zabbixJobs.name)),
      ...(await streamMessages(Streams.deadLetters.name)),
      ...(await streamMessages(Streams.netboxEvents.name)),
      ...(await streamMessages(Streams.zabbixResults.name)),
    ];
    expect(kept.some((message) => message.startsWith('dlq.'))).toBe(true);
    expect(found(kept.join('\n'))).toEqual([]);
  });

  it('should keep no secret in clear in any table row', async () => {
    const tables = await system.database.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    let stored = '';
    for (const { table_name: table } of tables) {
      const rows = await system.database.query<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM "${table}" t`,
      );
      stored += rows.map((row) => row.row).join('\n');
    }
    expect(stored).toContain('enc:v1:');
    expect(found(stored)).toEqual([]);
  });

  it('should return no secret from the management API', async () => {
    const jobs = JSON.parse(await api('/jobs?limit=100')) as { jobs: { id: string }[] };
    const hostConfigs = JSON.parse(await api('/host-configs')) as { items: { id: number }[] };
    expect(jobs.jobs.length).toBeGreaterThan(0);
    expect(hostConfigs.items.length).toBe(3);
    const responses = [
      JSON.stringify(jobs),
      JSON.stringify(hostConfigs),
      await api('/settings'),
      await api('/dead-letters'),
      await api('/event-log'),
      ...(await Promise.all(jobs.jobs.map((job) => api(`/jobs/${job.id}`)))),
      ...(await Promise.all(hostConfigs.items.map((host) => api(`/host-configs/${host.id}`)))),
    ];
    expect(responses.join('\n')).toContain('tlsPskIdentity');
    expect(found(responses.join('\n'))).toEqual([]);
  });

  it('should print no secret in any process output', () => {
    const output = system.allLogs();
    expect(output).toContain('consuming');
    expect(found(output)).toEqual([]);
  });

  it('should connect each app as its own NATS user, and refuse a writer publishing a NetBox event', async () => {
    const connz = (await (await fetch(`${system.natsMonitorUrl}/connz?auth=1`)).json()) as {
      connections: { name?: string; authorized_user?: string }[];
    };
    const users = new Map(
      connz.connections.map((connection) => [connection.name, connection.authorized_user]),
    );
    const byApp = (app: string): Set<string | undefined> =>
      new Set([...users].filter(([name]) => name?.startsWith(app)).map(([, user]) => user));
    expect(byApp('ingester')).toEqual(new Set(['ingester']));
    expect(byApp('scheduler')).toEqual(new Set(['scheduler']));
    expect(byApp('zabbix-writer')).toEqual(new Set(['writer']));

    const writer = new JetStreamPublisher(await connectAs('writer', 'e2e-security-writer'));
    const body = JSON.parse(netboxWebhookBody('dcim.device', 'updated', devices.current(agentHost))) as {
      data: Record<string, unknown>;
    };
    const event = {
      objectType: 'dcim.device',
      objectId: agentHost.id,
      action: 'updated' as const,
      timestamp: new Date().toISOString(),
      requestId: 'e2e-forged',
      username: 'forger',
      data: body.data,
      prechange: null,
      postchange: null,
    };
    const before = await system.storedEvents();
    await expect(
      writer.publish(Messages.netboxEvent, event, { correlationId: 'forged', timeoutMs: 2_000 }),
    ).rejects.toThrow(/permission/i);
    expect(await system.storedEvents()).toBe(before);
    expect(Consumers.writerZabbixJobs.stream.name).toBe(Streams.zabbixJobs.name);
  });

  it('should answer 403 naming the source when the webhook comes from outside the allowed networks', async () => {
    const closed = await system.startIngester('ingester-closed', {
      WEBHOOK_ALLOWED_NETWORKS: '192.0.2.0/24',
    });
    const body = netboxWebhookBody('dcim.device', 'updated', devices.current(agentHost));
    const response = await fetch(closed, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hook-signature': system.sign(body) },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(
      'source address 127.0.0.1 is not in WEBHOOK_ALLOWED_NETWORKS',
    );
  });
});
