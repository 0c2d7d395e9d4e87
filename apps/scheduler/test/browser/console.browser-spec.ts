import { randomBytes, randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { type ZabbixClient } from '@lib/clients';
import {
  Consumers,
  HOST_IDENTITY_TAG,
  Messages,
  Streams,
  type HostUpsertJobPayload,
  type JobResultPayload,
} from '@lib/contracts';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { decodeEnvelope, ensureTopology, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { HostConfig, Job } from '@lib/models';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  FAKE_NETBOX_V1_TOKEN,
  FakeNetboxServer,
  PrivateNatsServer,
  TEST_SECRETS_KEY,
  TestDatabase,
  uniqueZabbixTestPrefix,
  waitFor,
  zabbixTestConnection,
} from '@lib/testing';
import { createSchedulerApp } from '../../src/scheduler-app.factory';
import { ConsoleBrowser } from './console-browser';

jest.setTimeout(120_000);

/**
 * The operator console in a real headless Chromium (Debian's, through playwright-core) against a real
 * scheduler on PostgreSQL and a private nats-server with its monitoring port, the real Zabbix API
 * (TEST_ZABBIX_URL, as the writer's tests), and NetBox's REST API served by the fake. The test plays the
 * writer: it takes job messages from the work queue and writes the host in Zabbix itself.
 */
describe('Operator console (browser)', () => {
  const prefix = uniqueZabbixTestPrefix();
  const token = randomBytes(24).toString('base64url');
  const viewerToken = randomBytes(24).toString('base64url');
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let netbox: FakeNetboxServer;
  let zabbix: ZabbixClient;
  let app: INestApplication;
  let dataSource: DataSource;
  let client: NatsConnection;
  let publisher: JetStreamPublisher;
  let browser: ConsoleBrowser;
  let page: Page;
  let url: string;

  /** The device already in Zabbix (written by the test, with drift), and two that NetBox has besides. */
  const IN_ZABBIX = 9101;
  const NEW_DEVICES = [9102, 9103];
  /** Devices whose jobs no writer takes, for the bus page's backlog. */
  const BACKLOG_DEVICES = [9105, 9106];
  const deviceName = (id: number): string => `${prefix}dev-${id}`;

  function device(id: number): void {
    netbox.upsertIpAddress({ id, address: `192.0.2.${id % 250}/24`, dns_name: '' });
    netbox.upsertDevice({ id, name: deviceName(id), site: 3, role: 4, primary_ip4: id });
  }

  async function publishDeviceEvent(id: number): Promise<void> {
    const requestId = randomUUID();
    await publisher.publish(
      Messages.netboxEvent,
      {
        objectType: 'dcim.device',
        objectId: id,
        action: 'created',
        timestamp: new Date().toISOString(),
        requestId,
        username: 'tester',
        data: { id },
        prechange: null,
        postchange: null,
      },
      { messageId: `${requestId}:dcim.device:${id}:created`, correlationId: requestId },
    );
  }

  /** Plays the writer: takes the next job off the work queue (an upsert: the only kind these tests make). */
  async function takeJob(): Promise<HostUpsertJobPayload> {
    const consumer = await client.jetstream.consumers.get(
      Consumers.writerZabbixJobs.stream.name,
      Consumers.writerZabbixJobs.durable,
    );
    const message = await waitFor(
      async () => (await consumer.next({ expires: 1_000 })) ?? undefined,
      'a job message',
      15_000,
    );
    message.ack();
    return decodeEnvelope(Messages.hostUpsertJob, message.data).payload;
  }

  async function report(
    job: HostUpsertJobPayload,
    outcome: 'succeeded' | 'failed',
    extra: Partial<JobResultPayload>,
  ): Promise<void> {
    const now = new Date().toISOString();
    const result: JobResultPayload = {
      jobId: job.jobId,
      kind: job.kind,
      hostKey: job.hostKey,
      revision: job.revision,
      outcome,
      attempt: 1,
      startedAt: now,
      finishedAt: now,
      worker: 'console-test-writer',
      ...extra,
    };
    await publisher.publish(Messages.jobResult, result, {
      messageId: `result:${job.jobId}:1:${outcome}`,
      correlationId: 'console-test',
    });
  }

  /** Plays the writer for the next job: writes the host in Zabbix with drift made by hand, reports. */
  async function writeWithDrift(): Promise<string> {
    const job = await takeJob();
    const { desired } = job;
    const groups = await zabbix.ensureHostGroups(desired.groups);
    // Drift made by hand: another visible name, and the template unlinked.
    const hostid = await zabbix.createHost({
      host: desired.host,
      name: `${desired.name} (edited by hand)`,
      status: desired.status,
      description: desired.description,
      groupids: groups.map((group) => group.groupid),
      templateids: [],
      interfaces: desired.interfaces.map((item) => ({
        type: 1,
        main: item.main,
        useIp: item.useIp,
        ip: item.ip,
        dns: item.dns,
        port: String(item.port),
      })),
      tags: [...desired.tags, { tag: HOST_IDENTITY_TAG, value: job.hostKey }],
      inventoryMode: desired.inventoryMode,
      inventory: desired.inventory,
      monitoring: { monitoredBy: 'server' },
      tls: { connect: 1, accept: 1 },
    });
    await report(job, 'succeeded', { operation: 'created', hostid });
    return hostid;
  }

  async function hostConfigOf(id: number): Promise<HostConfig | null> {
    return dataSource.getRepository(HostConfig).findOneBy({ objectType: 'dcim.device', objectId: id });
  }

  /** An attribute of every element the selector finds. */
  async function attributes(selector: string, name: string): Promise<string[]> {
    const elements = await page.locator(selector).all();
    return Promise.all(elements.map(async (element) => (await element.getAttribute(name)) ?? ''));
  }

  async function useToken(value: string): Promise<void> {
    await page.fill('#token', value);
    await page.click('#token-form button[type=submit]');
    await page.locator('body[data-loading="false"]').waitFor();
  }

  async function openConsole(hash: string): Promise<void> {
    // A fresh load each time (the token stays in the tab's sessionStorage).
    await page.goto('about:blank');
    await page.goto(`${url}/console#${hash}`);
    await page.locator('body[data-loading="false"]').waitFor();
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start({ monitor: true });
    database = new TestDatabase();
    await database.create();
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    for (const id of [101, 102, 103]) netbox.deleteDevice(id);
    for (const id of [201, 202, 203]) netbox.deleteVirtualMachine(id);
    // Generous timeouts: Zabbix on a machine this busy can take a while to answer.
    zabbix = createZabbixTestClient({ timeoutMs: 60_000 });
    const connection = zabbixTestConnection();
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      NATS_MONITOR_URL: nats.monitorUrl ?? '',
      NETBOX_URL: netbox.url,
      NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN,
      ZABBIX_URL: connection.url,
      ...(connection.apiToken ? { ZABBIX_API_TOKEN: connection.apiToken } : {}),
      ZABBIX_USER: connection.username ?? 'Admin',
      ZABBIX_PASSWORD: connection.password ?? 'zabbix',
      ZABBIX_TIMEOUT_MS: '60000',
      API_TOKENS: `console-test:rw:${token},viewer:ro:${viewerToken}`,
      DEFAULT_DEVICE_HOST_GROUPS: `${prefix}NetBox`,
      COALESCE_WINDOW_MS: '0',
      SETTINGS_CACHE_MS: '0',
      OUTBOX_INTERVAL_MS: '500',
      RULES_CHECK_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'warn',
    });
    app = await createSchedulerApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    dataSource = app.get(DataSource);
    client = new NatsConnection({ servers: nats.url, name: 'console-test-writer' });
    await client.open();
    await ensureTopology(client);
    publisher = new JetStreamPublisher(client);

    device(IN_ZABBIX);
    await publishDeviceEvent(IN_ZABBIX);
    await writeWithDrift();
    await waitFor(async () => (await hostConfigOf(IN_ZABBIX))?.hostid ?? undefined, 'the host applied');

    browser = await ConsoleBrowser.launch();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await client?.close();
    await netbox?.close();
    if (zabbix) {
      await cleanupZabbixByPrefix(zabbix, prefix);
      await zabbix.close();
    }
    await nats?.dispose();
    await database?.drop();
  });

  afterEach(async () => {
    // CONSOLE_SCREENSHOTS=<directory> keeps a picture of each test's last page, to look at.
    const directory = process.env.CONSOLE_SCREENSHOTS;
    if (directory) {
      const name = (expect.getState().currentTestName ?? 'page').replace(/[^A-Za-z0-9]+/g, '-');
      await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
    }
    // No console error, uncaught exception or Content-Security-Policy violation on any page.
    expect(browser.problems.splice(0)).toEqual([]);
  });

  it('should load the console, take the token, and list the jobs', async () => {
    await openConsole('jobs');
    await expect(page.textContent('#notice')).resolves.toContain('401');
    // Chromium logs the refused request; that one is expected.
    expect(browser.problems.splice(0)).toEqual([
      'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);

    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');

    await expect(page.textContent('#token-state')).resolves.toBe('token set');
    expect(await page.evaluate('sessionStorage.getItem("nbzb-console-token")')).toBe(token);
    const row = page.locator('#jobs tr.job-row', { hasText: `dcim.device:${IN_ZABBIX}` });
    await row.waitFor();
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('CreateZabbixHost');
    await expect(row.locator('.badge').textContent()).resolves.toBe('completed');
  });

  it("should list the host configs and open a host's difference, desired beside Zabbix", async () => {
    const hostConfig = await hostConfigOf(IN_ZABBIX);
    await openConsole('hosts');
    const listed = page.locator(`#hosts tr.host-row[data-host-id="${hostConfig?.id}"]`);
    await expect(listed.locator('td').nth(1).textContent()).resolves.toBe(deviceName(IN_ZABBIX));
    await expect(listed.locator('td').nth(3).textContent()).resolves.toBe(hostConfig?.hostid);

    await listed.click();

    const comparison = page.locator('#comparison');
    await comparison.waitFor();
    const row = (field: string) => comparison.locator(`tr[data-field="${field}"]`);
    await expect(row('templates').getAttribute('class')).resolves.toBe('differs');
    await expect(row('templates').locator('td.desired').textContent()).resolves.toBe('ICMP Ping');
    await expect(row('templates').locator('td.zabbix').textContent()).resolves.toBe('');
    await expect(row('name').getAttribute('class')).resolves.toBe('differs');
    await expect(row('name').locator('td.zabbix').textContent()).resolves.toBe(
      `${deviceName(IN_ZABBIX)} (edited by hand)`,
    );
    for (const same of ['host', 'groups', 'interfaces', 'tags', 'status']) {
      await expect(row(same).getAttribute('class')).resolves.toBe('');
    }
    await expect(page.locator('#host-config').textContent()).resolves.toContain('found by its id');
  });

  it('should update one host in Zabbix from its page and follow the job', async () => {
    const hostConfig = await hostConfigOf(IN_ZABBIX);
    await openConsole(`hosts/${hostConfig?.id}`);

    await page.click('button.host-action[data-action="update"]');

    const job = await takeJob();
    expect(job).toMatchObject({ kind: 'UpdateZabbixHost', hostKey: `dcim.device:${IN_ZABBIX}` });
    await page.locator('#notice', { hasText: `Update in Zabbix: job ${job.jobId} started.` }).waitFor();
    await report(job, 'succeeded', { operation: 'updated', hostid: hostConfig?.hostid ?? undefined });
    // The job's page follows it to its end.
    await page.locator('#job .badge', { hasText: 'completed' }).waitFor();
    expect(await dataSource.getRepository(Job).findOneBy({ id: job.jobId })).toMatchObject({
      status: 'completed',
      username: 'console-test',
    });
  });

  it('should run a SyncHostsNow dry run, show the plan, and sync once confirmed', async () => {
    for (const id of NEW_DEVICES) device(id);
    const jobsBefore = await dataSource.getRepository(Job).count();
    await openConsole('sync');

    await page.click('#sync-plan-button');

    const plan = page.locator('#sync-plan');
    await plan.waitFor({ timeout: 60_000 });
    await expect(plan.locator('.card[data-action="create"] .value').textContent()).resolves.toBe('2');
    await expect(plan.locator('.card[data-action="unchanged"] .value').textContent()).resolves.toBe('1');
    const rows = await plan.locator('tr.plan-row').allTextContents();
    expect(rows.sort()).toEqual(NEW_DEVICES.map((id) => `${deviceName(id)}create`));
    await expect(page.isEnabled('#sync-run-button')).resolves.toBe(true);
    // The dry run is one job, and nothing else was planned.
    expect(await dataSource.getRepository(Job).count()).toBe(jobsBefore + 1);
    for (const id of NEW_DEVICES) expect(await hostConfigOf(id)).toBeNull();

    await page.check('input[name="changesOnly"]');
    await page.click('#sync-run-button');
    // The writers' part: the two creates the sync sends (only changes: the host in Zabbix is left alone).
    const jobs = [await takeJob(), await takeJob()];
    for (const [index, job] of jobs.entries()) {
      await report(job, 'succeeded', { operation: 'created', hostid: `${880000 + index}` });
    }

    await page.locator('#sync-output h3', { hasText: 'Sync' }).waitFor({ timeout: 60_000 });
    const result = JSON.parse((await page.locator('#sync-output pre').textContent()) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(result).toMatchObject({ dryRun: false, planned: { create: 2, unchanged: 1 } });
    expect(jobs.map((job) => job.hostKey).sort()).toEqual(NEW_DEVICES.map((id) => `dcim.device:${id}`));
    for (const id of NEW_DEVICES) expect((await hostConfigOf(id))?.hostid).toMatch(/^88000[01]$/);
  });

  it('should list the system jobs and run one now, following it to its end', async () => {
    await openConsole('system');
    const kinds = await attributes('#system-jobs tr.system-job', 'data-kind');
    expect(kinds.sort()).toEqual([
      'HostConfigSyncRefresh',
      'ImportZabbixSettings',
      'MaintenanceCleanup',
      'NetboxChangeLogPoll',
      'SyncHostsNow',
    ]);

    await page.click('#system-jobs tr[data-kind="MaintenanceCleanup"] button.run-now');

    await page.locator('#job .badge', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('#job').textContent()).resolves.toContain('MaintenanceCleanup');
    const job = await dataSource.getRepository(Job).findOneBy({ kind: 'MaintenanceCleanup' });
    expect(job).toMatchObject({ status: 'completed', trigger: 'api', username: 'console-test' });
    await openConsole('system');
    await expect(
      page.locator('#system-jobs tr[data-kind="MaintenanceCleanup"] .badge').textContent(),
    ).resolves.toBe('completed');
  });

  it('should retry a failed job from the jobs page', async () => {
    const FAILING = 9104;
    device(FAILING);
    await publishDeviceEvent(FAILING);
    const job = await takeJob();
    await report(job, 'failed', { error: 'Zabbix rejected the host (console test)', retryable: false });
    await waitFor(
      async () => (await dataSource.getRepository(Job).findOneBy({ id: job.jobId }))?.status === 'failed',
      'the job failed',
    );
    await openConsole('jobs?status=failed');
    const row = page.locator('#jobs tr.job-row', { hasText: `dcim.device:${FAILING}` });
    await expect(row.locator('td.error').textContent()).resolves.toBe(
      'Zabbix rejected the host (console test)',
    );
    // A read-only token may look, not act.
    await useToken(viewerToken);
    await row.locator('button.retry').click();
    await page.locator('#notice', { hasText: 'may not do that (403)' }).waitFor();
    expect(browser.problems.splice(0)).toEqual([
      'console: Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ]);
    expect(await dataSource.getRepository(Job).countBy({ retryOfJobId: job.jobId })).toBe(0);
    await useToken(token);

    await row.locator('button.retry').click();

    await page.locator('#notice', { hasText: /^Retry started as job / }).waitFor();
    const retry = await waitFor(
      async () => (await dataSource.getRepository(Job).findOneBy({ retryOfJobId: job.jobId })) ?? undefined,
      'the retry job',
    );
    expect(retry).toMatchObject({
      hostKey: `dcim.device:${FAILING}`,
      trigger: 'retry',
      username: 'console-test',
    });
    // The retry's message goes to the writers like any job: take it, so the queue holds only what follows.
    expect((await takeJob()).jobId).toBe(retry.id);
  });

  it("should show the bus with the real nats-server's figures", async () => {
    // Two jobs nobody takes (the writers' backlog) and one dead letter.
    for (const id of BACKLOG_DEVICES) {
      device(id);
      await publishDeviceEvent(id);
    }
    await publisher.publish(
      Messages.deadLetter,
      {
        originalSubject: 'netbox.event.dcim.device.created.v1',
        stream: Streams.netboxEvents.name,
        consumer: Consumers.schedulerNetboxEvents.durable,
        streamSequence: 1,
        deliveryCount: 1,
        errorType: 'InvalidMessageError',
        reason: 'a poison event for the console test',
        originalBody: '{}',
        failedAt: new Date().toISOString(),
      },
      { correlationId: 'console-test' },
    );
    await waitFor(async () => {
      const info = await client.jetstreamManager.consumers.info(
        Consumers.writerZabbixJobs.stream.name,
        Consumers.writerZabbixJobs.durable,
      );
      return info.num_pending === 2;
    }, 'two job messages waiting');
    await waitFor(
      async () => (await dataSource.getRepository(Job).countBy({ kind: 'DeadLetter' })) === 1,
      'the dead letter recorded',
    );

    await openConsole('bus');

    const consumerRow = page.locator(
      `#bus-streams tr[data-consumer="${Consumers.writerZabbixJobs.durable}"]`,
    );
    await expect(consumerRow.locator('td.pending').textContent()).resolves.toBe('2');
    await expect(consumerRow.locator('td.ack-pending').textContent()).resolves.toBe('0');
    await expect(page.locator('#bus-dead-letters .value').textContent()).resolves.toBe('1');
    const streams = new Set(await attributes('#bus-streams tr[data-stream]', 'data-stream'));
    expect([...streams].sort()).toEqual(
      Object.values(Streams)
        .map((stream) => stream.name)
        .sort(),
    );
    // Every client the server lists, by the name it gave: the scheduler's connections and this test's.
    const connz = (await (await fetch(`${nats.monitorUrl}/connz`)).json()) as {
      connections: { name?: string }[];
    };
    const names = await attributes('#bus-connections-table tr.connection', 'data-name');
    expect(names.sort()).toEqual(connz.connections.map((connection) => connection.name ?? '').sort());
    expect(names).toContain('console-test-writer');
  });

  it('should list the dead letters with their reasons, and say why one cannot be replayed', async () => {
    await openConsole('dead-letters');

    const row = page.locator('#dead-letters tr.dead-letter', {
      hasText: 'a poison event for the console test',
    });
    await expect(row.locator('td').nth(2).textContent()).resolves.toContain(
      'netbox.event.dcim.device.created.v1',
    );

    // Its original message was no valid event: the API refuses to publish it again, and says why.
    await row.locator('button.replay').click();

    await page.locator('#notice', { hasText: 'replayed, it would be dead-lettered again' }).waitFor();
    expect(browser.problems.splice(0)).toEqual([
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
  });

  it('should say how to enable monitoring while NATS does not answer on its monitoring port', async () => {
    await nats.kill();
    try {
      await openConsole('bus');

      const box = page.locator('#bus-unavailable');
      await expect(box.textContent()).resolves.toContain(
        `could not read NATS's monitoring endpoint at ${nats.monitorUrl}`,
      );
      await expect(box.textContent()).resolves.toContain('ECONNREFUSED');
      await expect(box.locator('code').allTextContents()).resolves.toEqual(
        expect.arrayContaining(['nats-server -js -m 8222', 'http_port: 8222']),
      );
    } finally {
      await nats.restart();
    }
  });
});
