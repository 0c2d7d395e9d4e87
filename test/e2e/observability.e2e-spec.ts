import { randomInt } from 'node:crypto';
import { type ServicePingResponse, type ServiceStatsResponse } from '@lib/messaging';
import { freePort, loadNetboxFixture, TEST_SECRETS_KEY, waitFor } from '@lib/testing';
import { BridgeSystem } from './support/bridge-system';
import { netboxWebhookBody, type NetboxWebhookData } from './support/netbox-webhook';
import { ServiceProcesses } from './support/service-processes';

jest.setTimeout(180_000);

interface LogLine {
  readonly level: string;
  readonly app: string;
  readonly msg: string;
  readonly correlationId?: string;
  readonly [field: string]: unknown;
}

/** Every JSON line a process wrote (the harness keeps the output's tail: its first line may be cut). */
function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** One series' value in Prometheus' text format (0 when absent). */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * What an operator watches, from the three services as processes: JSON log lines carrying the NetBox
 * request id from the webhook to the Zabbix write, /metrics that move, the NATS service API listing every
 * replica, and readiness that follows NATS.
 */
describe('Monitoring the bridge (end to end)', () => {
  const system = new BridgeSystem({ writerReplicas: 2 });
  const deviceId = randomInt(100_000, 900_000);
  const deviceName = `${system.prefix}obs-rtr01`;

  function deviceCreated(): { body: string; requestId: string } {
    const { data } = loadNetboxFixture<{ data: NetboxWebhookData }>('webhook-device-created.json');
    const body = netboxWebhookBody('dcim.device', 'created', {
      ...data,
      id: deviceId,
      name: deviceName,
      display: deviceName,
      primary_ip4: {
        id: 9_100_001,
        address: '192.0.2.77/24',
        dns_name: '',
        family: { value: 4, label: 'IPv4' },
      },
      last_updated: new Date().toISOString(),
    });
    return { body, requestId: (JSON.parse(body) as { request_id: string }).request_id };
  }

  async function scrape(label: string): Promise<string> {
    return (await fetch(`${system.httpUrl(label)}/metrics`)).text();
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

  it('should carry the NetBox request id on the log lines of a webhook through the ingester, the scheduler and a writer', async () => {
    const { body, requestId } = deviceCreated();

    await system.deliver(body);
    await system.waitFor(() => system.inspect.host(deviceName), 'the Zabbix host', 60_000);
    await system.settle();

    const carrying = (label: string): LogLine[] =>
      jsonLines(system.logs(label)).filter((line) => line.correlationId === requestId);
    const ingester = carrying('ingester');
    const scheduler = carrying('scheduler');
    const writers = system.writerLabels.flatMap(carrying);
    // One line per webhook at info: the request line (the stored sequence is logged at debug).
    expect(ingester.map((line) => line.msg)).toEqual(expect.arrayContaining(['request completed']));
    expect(scheduler.length).toBeGreaterThan(0);
    expect(writers.map((line) => line.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/CreateZabbixHost .*: created hostid=\d+/)]),
    );
    for (const line of [...ingester, ...scheduler, ...writers]) {
      expect(line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        app: expect.any(String),
      });
    }
    // No secret on any line: the webhook secret, the Zabbix password and the secrets key.
    const everything = system.allLogs();
    expect(everything).not.toContain(BridgeSystem.WEBHOOK_SECRET);
    expect(everything).not.toContain(TEST_SECRETS_KEY);
  });

  it('should list every replica on $SRV.PING, named after its app, host and pid, and count handled messages', async () => {
    const pings = await system.serviceAnswers<ServicePingResponse>('$SRV.PING', 4);

    expect(pings.map((ping) => ping.name).sort()).toEqual([
      'ingester',
      'scheduler',
      'zabbix-writer',
      'zabbix-writer',
    ]);
    for (const ping of pings) {
      expect(ping.metadata.connection).toMatch(new RegExp(`^${ping.name}-.+-${ping.metadata.pid}`));
    }
    const writers = await system.serviceAnswers<ServiceStatsResponse>('$SRV.STATS.zabbix-writer', 2);
    const handled = writers.flatMap((writer) => writer.endpoints).reduce((sum, e) => sum + e.num_requests, 0);
    expect(handled).toBeGreaterThanOrEqual(1);
    const [scheduler] = await system.serviceAnswers<ServiceStatsResponse>('$SRV.STATS.scheduler', 1);
    expect(scheduler?.endpoints.map((endpoint) => endpoint.name).sort()).toEqual([
      'scheduler-dead-letters-v1',
      'scheduler-job-results-v1',
      'scheduler-netbox-events-v1',
    ]);
  });

  it('should move the webhook, job and Zabbix figures on /metrics when a webhook is handled', async () => {
    const before = {
      received: valueOf(await scrape('ingester'), 'nbzb_webhook_events_received_total'),
      rejected: valueOf(await scrape('ingester'), 'nbzb_webhook_events_rejected_total{reason="signature"}'),
    };
    const { body } = deviceCreated();

    const refused = await system.postWebhook(body, 'not-the-signature');
    await system.deliver(body.replace('192.0.2.77/24', '192.0.2.78/24'));
    await system.settle();

    const ingester = await scrape('ingester');
    expect(valueOf(ingester, 'nbzb_webhook_events_received_total')).toBe(before.received + 2);
    expect(valueOf(ingester, 'nbzb_webhook_events_rejected_total{reason="signature"}')).toBe(
      before.rejected + 1,
    );
    expect(refused.status).toBe(401);
    const writerScrapes = await Promise.all(system.writerLabels.map(scrape));
    const sum = (series: string): number =>
      writerScrapes.reduce((total, text) => total + valueOf(text, series), 0);
    expect(sum('nbzb_writer_jobs_total{kind="CreateZabbixHost",status="succeeded"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sum('nbzb_zabbix_call_duration_seconds_count{method="host.get"}')).toBeGreaterThan(0);
    const scheduler = await waitFor(async () => {
      const text = await scrape('scheduler');
      return valueOf(text, 'nbzb_hosts{sync="in_sync"}') + valueOf(text, 'nbzb_hosts{sync="out_of_sync"}') >=
        1
        ? text
        : undefined;
    }, 'the host config in the scheduler metrics');
    expect(scheduler).toContain(
      'nbzb_consumer_pending{stream="NBZB_ZABBIX_JOBS_V1",consumer="zabbix-writer-jobs-v1"} 0',
    );
    expect(scheduler).toContain('nbzb_stream_messages{stream="NBZB_DEAD_LETTERS_V1"}');
  });
});

describe('A writer without NATS (end to end)', () => {
  it('should answer 503 on /readyz, naming NATS, for a writer whose NATS does not answer', async () => {
    const closedPort = await freePort();
    const httpPort = await freePort();
    const processes = new ServiceProcesses({
      NATS_URL: `nats://127.0.0.1:${closedPort}`,
      WRITER_HTTP_PORT: String(httpPort),
      SECRETS_KEY: TEST_SECRETS_KEY,
      ZABBIX_URL: 'http://127.0.0.1:9/api_jsonrpc.php',
    });
    processes.start('zabbix-writer', {}, 'stranded-writer');
    try {
      const answer = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
          return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        },
        'the stranded writer to answer its probe',
        60_000,
      );

      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'not ready', nats: false });
      expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);
    } catch (error) {
      process.stderr.write(processes.allLogs());
      throw error;
    } finally {
      await processes.stopAll();
    }
  });
});
