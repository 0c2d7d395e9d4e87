/**
 * Events planned per second by the scheduler alone (no writer, no Zabbix): N device-created events on
 * JetStream become host configs and published jobs. Measured twice in one run on the same PostgreSQL and
 * NATS: one change per transaction (PLAN_BATCH_SIZE 1, 8 events at once: how the scheduler worked before
 * batching) and with the defaults (batches of up to 200, 32 events at once).
 *
 *   npm run bench -- bench/scheduler-planning.bench.ts             # 1000 events
 *   BENCH_EVENTS=5000 npm run bench -- bench/scheduler-planning.bench.ts
 *
 * Prints figures; asserts only that every event became a job (performance is never asserted).
 */
import { IsNull, Not } from 'typeorm';
import { Job } from '@lib/models';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../apps/scheduler/test/scheduler-harness';

jest.setTimeout(30 * 60_000);

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);

type DeviceData = Record<string, unknown> & { id: number; name: string };

interface Figure {
  readonly approach: string;
  readonly seconds: number;
}

describe('scheduler planning (benchmark)', () => {
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-created.json').data;
  const figures: Figure[] = [];

  afterAll(() => {
    const reference = figures[0]?.seconds ?? 1;
    const lines = figures.map(
      (figure) =>
        `${figure.approach.padEnd(44)} ${figure.seconds.toFixed(1).padStart(6)} s ` +
        `${(EVENTS / figure.seconds).toFixed(0).padStart(6)} events/s ` +
        `${(reference / figure.seconds).toFixed(2).padStart(6)}×`,
    );
    process.stdout.write(`\nscheduler planning, ${EVENTS} device-created events\n${lines.join('\n')}\n`);
  });

  async function measure(approach: string, environment: Record<string, string>): Promise<void> {
    const harness = await SchedulerHarness.start({ COALESCE_WINDOW_MS: '0', ...environment });
    try {
      const publishing: Promise<void>[] = [];
      const started = Date.now();
      for (let index = 0; index < EVENTS; index += 1) {
        const id = 500_000 + index;
        publishing.push(
          harness.publishEvent('dcim.device', id, 'created', {
            ...template,
            id,
            name: `bench-device-${id}`,
            primary_ip4: {
              id,
              address: `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}/16`,
              dns_name: '',
              family: { value: 4, label: 'IPv4' },
            },
          }),
        );
        if (publishing.length >= 200) await Promise.all(publishing.splice(0));
      }
      await Promise.all(publishing);
      const jobs = harness.dataSource.getRepository(Job);
      await waitFor(
        async () => (await jobs.countBy({ publishedAt: Not(IsNull()) })) >= EVENTS,
        `${EVENTS} jobs published`,
        20 * 60_000,
        200,
      );
      figures.push({ approach, seconds: (Date.now() - started) / 1000 });
      expect(await jobs.count()).toBe(EVENTS);
    } finally {
      await harness.stop();
    }
  }

  it('should plan every event one change per transaction (the reference)', async () => {
    await measure('one change per transaction (batch 1, 8 at once)', {
      PLAN_BATCH_SIZE: '1',
      EVENT_CONCURRENCY: '8',
    });
  });

  it('should plan every event in batches (the defaults)', async () => {
    await measure('batched (defaults: batch 200, 32 at once)', {});
  });
});
