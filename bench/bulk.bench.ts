/**
 * The whole bridge in bulk, end to end on the real Zabbix (three kinds of process, as deployed), in one run:
 *
 * - burst: BENCH_BURST device-created webhooks (1000) posted 16 at a time as fast as the ingester takes
 *   them; the figure is the time from the last webhook's 202 until every host is in Zabbix. Reference, in
 *   the same run: batching off (one change per transaction, one host per writer call), on
 *   BENCH_BURST_REFERENCE webhooks (200; at its rate 1000 would take minutes).
 * - SyncHostsNow of BENCH_SYNC devices (5000) from a fake NetBox into an empty Zabbix, with each writer
 *   count in BENCH_WRITERS (`1,2,4`); the figure is the time from the API request until the job completed.
 *   Then HostConfigSyncRefresh of the same hosts, all in sync: its time and Zabbix calls (no write).
 *   BENCH_SYNC_RUNS (1) runs the SyncHostsNow that many times in the same processes first (the later runs
 *   find every host unchanged), to see whether memory grows from run to run. While each run goes, every
 *   service's /metrics is sampled: the peak resident memory, V8 heap (used / total) and external memory.
 *   BENCH_SERVICE_NODE_OPTIONS is those services' NODE_OPTIONS (`--heapsnapshot-signal=SIGUSR2`, …).
 *   The raw limit and the one-host-per-call loop for the same hosts are measured by
 *   bench/writer-throughput.bench.ts.
 *
 *   npm run build && npx jest --selectProjects bench --runInBand bench/bulk.bench.ts
 *
 * Needs TEST_ZABBIX_URL etc. as scripts/test.sh sets them. Prints figures and the resident memory of each
 * process; asserts only that every host arrived (performance is never asserted).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BridgeSystem } from '../test/e2e/support/bridge-system';
import { netboxWebhookBody } from '../test/e2e/support/netbox-webhook';
import { loadNetboxFixture, waitFor, zabbixTestConnection } from '@lib/testing';
import { describeCalls, ZabbixCallCounter } from './zabbix-call-counter';

jest.setTimeout(2 * 60 * 60_000);

const BURST = Number(process.env.BENCH_BURST ?? 1000);
const BURST_REFERENCE = Number(process.env.BENCH_BURST_REFERENCE ?? 200);
const SYNC = Number(process.env.BENCH_SYNC ?? 5000);
const WRITERS = (process.env.BENCH_WRITERS ?? '1,2,4').split(',').map(Number);
const SYNC_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 1);
/** NODE_OPTIONS for the services of the SyncHostsNow runs (BENCH_SERVICE_NODE_OPTIONS). */
const SERVICE_NODE_OPTIONS = process.env.BENCH_SERVICE_NODE_OPTIONS ?? '';
/** How often the memory sampler reads each service's /metrics. */
const SAMPLE_MS = 500;
const AT_ONCE = 16;
const ROOT = join(__dirname, '..');
/**
 * NetBox ids of this run's objects start here: hosts carry their object's identity tag, so a run must not
 * share ids with another run against the same Zabbix (a concurrent one, or one whose clean-up failed), or
 * its writer would find and update that run's hosts instead of creating its own.
 */
const ID_BASE = 1_000_000 + (Date.now() % 1_000) * 20_000;

const BATCHING_OFF = {
  PLAN_BATCH_SIZE: '1',
  EVENT_CONCURRENCY: '8',
  WRITER_BATCH_SIZE: '1',
  WRITER_CONCURRENCY: '4',
};

type DeviceData = Record<string, unknown> & { id: number };

interface Figure {
  readonly what: string;
  readonly hosts: number;
  readonly seconds: number;
  readonly memory: string;
  /** Zabbix calls by method, where counted. */
  readonly calls?: Record<string, number>;
}

function address(index: number): string {
  return `10.${100 + (Math.floor(index / 65_536) % 100)}.${Math.floor(index / 256) % 256}.${index % 256}`;
}

/**
 * Resident memory of this checkout's bridge processes, by service, in MB (by their full path: other
 * checkouts' services on the same machine are not this run's).
 */
function residentMemory(): string {
  const lines = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' }).split('\n');
  return ['ingester', 'scheduler', 'zabbix-writer']
    .map((name) => {
      const sizes = lines
        .filter((line) => line.includes(join(ROOT, 'dist', 'apps', name, 'src', 'main.js')))
        .map((line) => Math.round(Number(line.trim().split(/\s+/)[0]) / 1024));
      return `${name} ${sizes.join('+') || '-'} MB`;
    })
    .join(', ');
}

const MEMORY_SERIES = {
  rss: 'process_resident_memory_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  heapTotal: 'nodejs_heap_size_total_bytes',
  external: 'nodejs_external_memory_bytes',
} as const;

type MemoryPeak = Record<keyof typeof MEMORY_SERIES, number>;

/**
 * Samples the memory series of each service's /metrics every SAMPLE_MS while a run goes and keeps each
 * one's peak (in MB): the resident memory at the end alone misses what a run reached on the way.
 */
class MemorySampler {
  private readonly peaks = new Map<string, MemoryPeak>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly urls: ReadonlyMap<string, string>) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample());
    }, SAMPLE_MS);
  }

  async stop(): Promise<string> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    return [...this.peaks]
      .map(
        ([label, peak]) =>
          `${label} rss ${peak.rss}, heap ${peak.heapUsed}/${peak.heapTotal}, external ${peak.external}`,
      )
      .join('; ');
  }

  private async sample(): Promise<void> {
    await Promise.all(
      [...this.urls].map(async ([label, url]) => {
        const text = await fetch(`${url}/metrics`)
          .then((answer) => answer.text())
          .catch(() => '');
        const peak = this.peaks.get(label) ?? { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
        for (const [field, series] of Object.entries(MEMORY_SERIES) as [keyof MemoryPeak, string][]) {
          const value = new RegExp(`^${series} ([0-9.e+]+)`, 'm').exec(text)?.[1];
          if (value !== undefined) peak[field] = Math.max(peak[field], Math.round(Number(value) / 2 ** 20));
        }
        this.peaks.set(label, peak);
      }),
    );
  }
}

describe('bulk (benchmark)', () => {
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-created.json').data;
  const figures: Figure[] = [];

  afterAll(() => {
    const lines = figures.map(
      (figure) =>
        `| ${figure.what} | ${figure.hosts} | ${figure.seconds.toFixed(1)} | ` +
        `${(figure.hosts / figure.seconds).toFixed(1)} | ${figure.calls ? describeCalls(figure.calls) : '-'} | ` +
        `${figure.memory} |`,
    );
    process.stdout.write(
      [
        '',
        '| run | hosts | seconds | hosts/s | resident memory at the end |',
        '|---|---|---|---|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  });

  async function hostCount(system: BridgeSystem, prefix: string): Promise<number> {
    return Number(
      await system.zabbix.call('host.get', {
        search: { host: prefix },
        startSearch: true,
        countOutput: true,
      }),
    );
  }

  async function burst(what: string, count: number, environment: Record<string, string>): Promise<void> {
    const system = new BridgeSystem({ environment: { COALESCE_WINDOW_MS: '0', ...environment } });
    await system.start();
    try {
      const prefix = `${system.prefix}burst-`;
      const bodies = Array.from({ length: count }, (_, index) =>
        netboxWebhookBody('dcim.device', 'created', {
          ...template,
          id: ID_BASE + index,
          name: `${prefix}${index}`,
          primary_ip4: {
            id: ID_BASE + index,
            address: `${address(index)}/16`,
            dns_name: '',
            family: { value: 4 },
          },
        }),
      );
      let next = 0;
      await Promise.all(
        Array.from({ length: AT_ONCE }, async () => {
          while (next < bodies.length) await system.deliver(bodies[next++] ?? '');
        }),
      );
      const lastWebhookAt = performance.now();
      await waitFor(
        async () => (await hostCount(system, prefix)) >= count,
        `${count} hosts`,
        30 * 60_000,
        250,
      );
      figures.push({
        what: `burst, ${what}: last webhook → last host`,
        hosts: count,
        seconds: (performance.now() - lastWebhookAt) / 1000,
        memory: residentMemory(),
      });
      expect(await hostCount(system, prefix)).toBe(count);
    } finally {
      await system.stop();
    }
  }

  it('burst with batching off (the reference)', async () => {
    await burst('batching off', BURST_REFERENCE, BATCHING_OFF);
  });

  it('burst with the defaults', async () => {
    await burst('batched (defaults)', BURST, {});
  });

  it.each(WRITERS)(
    'SyncHostsNow into an empty Zabbix with %i writer(s), then HostConfigSyncRefresh',
    async (writers) => {
      const counter = await ZabbixCallCounter.start(zabbixTestConnection().url);
      const system = new BridgeSystem({
        fakeNetbox: true,
        writerReplicas: writers,
        environment: {
          ZABBIX_URL: counter.url,
          // e.g. `--heapsnapshot-signal=SIGUSR2` to take heap snapshots of a service with `kill -USR2`.
          ...(SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: SERVICE_NODE_OPTIONS } : {}),
        },
      });
      await system.start();
      try {
        for (const id of [101, 102, 103]) system.netbox.deleteDevice(id);
        for (const id of [201, 202, 203]) system.netbox.deleteVirtualMachine(id);
        const prefix = `${system.prefix}sync-`;
        for (let index = 0; index < SYNC; index += 1) {
          const id = ID_BASE + 10_000 + index;
          system.netbox.upsertIpAddress({ id, address: `${address(index)}/16`, dns_name: '' });
          system.netbox.upsertDevice({ id, name: `${prefix}${index}`, site: 3, role: 4, primary_ip4: id });
        }
        const services = new Map(
          ['scheduler', ...system.writerLabels].map((label) => [label, system.httpUrl(label)]),
        );
        for (let run = 1; run <= SYNC_RUNS; run += 1) {
          const sampler = new MemorySampler(services);
          sampler.start();
          const sync = await runSystemJob(system, 'SyncHostsNow', { confirm: true });
          const peaks = await sampler.stop();
          figures.push({
            what: `SyncHostsNow${SYNC_RUNS > 1 ? ` (run ${run})` : ''}, ${writers} writer(s): request → job completed`,
            hosts: SYNC,
            seconds: sync.seconds,
            memory: residentMemory(),
            calls: counter.snapshot(),
          });
          process.stdout.write(
            `SyncHostsNow run ${run} with ${writers} writer(s): ${JSON.stringify(sync.result)} ${sync.error ?? ''}\n` +
              `peak memory during the run (MB): ${peaks}\n`,
          );
          expect(sync.status).toBe('completed');
          expect(await hostCount(system, prefix)).toBe(SYNC);
          counter.reset();
        }

        // Every host is in sync: a refresh of all of them should read and write nothing.
        await system.database.markAllUnchecked();
        counter.reset();
        const sampler = new MemorySampler(services);
        sampler.start();
        const refresh = await runSystemJob(system, 'HostConfigSyncRefresh', { cutoffMinutes: 60 });
        const peaks = await sampler.stop();
        figures.push({
          what: `HostConfigSyncRefresh, ${writers} writer(s), all in sync`,
          hosts: SYNC,
          seconds: refresh.seconds,
          memory: residentMemory(),
          calls: counter.snapshot(),
        });
        process.stdout.write(
          `HostConfigSyncRefresh: ${JSON.stringify(refresh.result)}\npeak memory during the run (MB): ${peaks}\n`,
        );
        expect(refresh.status).toBe('completed');
      } finally {
        await system.stop();
        await counter.close();
      }
    },
  );

  async function runSystemJob(
    system: BridgeSystem,
    kind: string,
    parameters: Record<string, unknown>,
  ): Promise<{ status: string; result: unknown; error?: string; seconds: number }> {
    const started = performance.now();
    const answer = await fetch(`${system.schedulerUrl}/system-jobs/${kind}/run`, {
      method: 'POST',
      headers: system.apiHeaders,
      body: JSON.stringify(parameters),
    });
    const { jobId } = (await answer.json()) as { jobId: string };
    const job = await waitFor(
      async () => {
        const state = (await (
          await fetch(`${system.schedulerUrl}/jobs/${jobId}`, { headers: system.apiHeaders })
        ).json()) as {
          status: string;
          result: unknown;
          error?: string;
        };
        return state.status === 'completed' || state.status === 'failed' ? state : undefined;
      },
      `${kind} finished`,
      60 * 60_000,
      500,
    );
    return { ...job, seconds: (performance.now() - started) / 1000 };
  }
});
