import { Consumers, Streams } from '@lib/contracts';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { SchedulerMetrics } from './scheduler.metrics';

jest.setTimeout(60_000);

type DeviceData = Record<string, unknown> & { id: number; name: string };

/** One series' value in Prometheus' text format, or undefined when the scrape does not have it. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe(SchedulerMetrics.name, () => {
  let harness: SchedulerHarness;
  let baseUrl: string;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  const jobsPending = `nbzb_consumer_pending{stream="${Streams.zabbixJobs.name}",consumer="${Consumers.writerZabbixJobs.durable}"}`;

  async function scrape(): Promise<string> {
    return (await fetch(`${baseUrl}/metrics`)).text();
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start();
    await harness.app.listen(0, '127.0.0.1');
    baseUrl = await harness.app.getUrl();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should answer ready with NATS and PostgreSQL named', async () => {
    const ready = await fetch(`${baseUrl}/readyz`);

    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', nats: true, database: true });
  });

  it('should show a job waiting for a writer as the jobs backlog and as a pending job row, then as completed', async () => {
    const before = await scrape();
    expect(valueOf(before, jobsPending)).toBe(0);

    const device = {
      ...template,
      id: 3001,
      name: 'nzbt-metrics-3001',
      primary_ip4: { id: 30010, address: '192.0.2.31/24', dns_name: '', family: { value: 4, label: 'IPv4' } },
    };
    await harness.publishEvent('dcim.device', 3001, 'created', device);
    const waiting = await waitFor(async () => {
      const text = await scrape();
      return valueOf(text, jobsPending) === 1 ? text : undefined;
    }, 'the job in the writers backlog');

    expect(valueOf(waiting, 'nbzb_jobs{kind="CreateZabbixHost",status="pending"}')).toBe(1);
    expect(valueOf(waiting, `nbzb_stream_messages{stream="${Streams.zabbixJobs.name}"}`)).toBe(1);
    expect(valueOf(waiting, `nbzb_stream_messages{stream="${Streams.deadLetters.name}"}`)).toBe(0);

    const job = await harness.nextJob();
    await harness.report(job, 'started');
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '53001' });
    const done = await waitFor(async () => {
      const text = await scrape();
      return valueOf(text, 'nbzb_jobs{kind="CreateZabbixHost",status="completed"}') === 1 ? text : undefined;
    }, 'the job completed in the metrics');

    expect(valueOf(done, jobsPending)).toBe(0);
    expect(valueOf(done, 'nbzb_jobs{kind="CreateZabbixHost",status="pending"}')).toBeUndefined();
    expect(
      valueOf(done, 'nbzb_hosts{sync="in_sync"}')! + valueOf(done, 'nbzb_hosts{sync="out_of_sync"}')!,
    ).toBe(1);
  });
});
