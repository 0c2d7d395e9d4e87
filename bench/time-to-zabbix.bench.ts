/**
 * Time to Zabbix at a steady rate: BENCH_TTZ_RATE (20) device updates per second for BENCH_TTZ_SECONDS (30),
 * spread over BENCH_TTZ_HOSTS (100) devices (each edited every 5 s: isolated edits, as people make them; a
 * burst on one host is the settle window's case, not this one). Each update stamps the device's description
 * in the fake NetBox with a value of its own and posts the signed webhook NetBox would send; the scheduler
 * re-reads the device from the fake NetBox's REST API, the writer updates the host. The figure runs from the
 * webhook POST until the stamp is visible through the Zabbix API, polled every BENCH_TTZ_POLL_MS (100) ms
 * (one `host.get` of the run's hosts, description only). A poll sees a stamp some time after it became
 * visible, so each update's moment is bracketed: after the start of the last poll that did not show it (or
 * the POST, if later), at the latest when the first poll that showed it answered. Both ends are printed;
 * the truth lies between them. Where the time went comes from the job rows (the
 * webhook's request id is the job's correlation id): POST → job stored → published → a writer started it
 * → result applied.
 *
 * Then memory: the resident memory of each app at rest (before the run), at the end of the steady run, and
 * the peak during a burst of BENCH_TTZ_BURST (1000) updates posted 16 at once, after it has drained.
 *
 *   npm run build && npx jest bench/time-to-zabbix.bench.ts --selectProjects bench --runInBand
 *
 * Needs TEST_ZABBIX_URL etc. as scripts/test.sh sets them. Prints figures; asserts only that every update
 * reached Zabbix (performance is never asserted).
 */
import { BridgeSystem } from '../test/e2e/support/bridge-system';
import { NetboxDevices, type TestDevice } from '../test/e2e/support/netbox-devices';
import { netboxWebhookBody } from '../test/e2e/support/netbox-webhook';
import { percentile } from './support/http-load';
import { describeMemory, PeakMemorySampler, residentMemoryByService } from './support/resident-memory';

jest.setTimeout(60 * 60_000);

const RATE = Number(process.env.BENCH_TTZ_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_TTZ_SECONDS ?? 30);
const HOSTS = Number(process.env.BENCH_TTZ_HOSTS ?? 100);
const BURST = Number(process.env.BENCH_TTZ_BURST ?? 1000);
const BURST_AT_ONCE = 16;
/** The Zabbix API is polled at most this often: the bracket of each figure is about this wide. */
const POLL_MS = Number(process.env.BENCH_TTZ_POLL_MS ?? 100);

interface Update {
  readonly device: TestDevice;
  readonly stamp: string;
  readonly requestId: string;
  /** performance.now() and Date.now() when the POST was sent. */
  readonly sentAt: number;
  readonly sentWallMs: number;
  answeredAt?: number;
  /** When the first poll that showed the stamp answered: the latest it became visible. */
  seenAt?: number;
  /** When the last poll that did not show it started: it became visible after this (or after the POST). */
  missedAt?: number;
  /** The ingester's answer (0: no answer). */
  status?: number;
}

interface JobTimes {
  readonly correlation_id: string;
  readonly created_ms: number;
  readonly published_ms: number | null;
  readonly started_ms: number | null;
  readonly completed_ms: number | null;
}

function stats(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)} ms (${sorted.length})`;
}

describe('time to Zabbix (benchmark)', () => {
  const system = new BridgeSystem({ fakeNetbox: true });
  const devices = new NetboxDevices(system);
  const report: string[] = [];

  beforeAll(async () => {
    await system.start();
  }, 180_000);

  afterAll(async () => {
    await system.stop();
    process.stdout.write(`\n${report.join('\n')}\n`);
  });

  /** The description of each of `hostids` in Zabbix, by hostid. */
  async function descriptions(hostids: readonly string[]): Promise<Map<string, string>> {
    const hosts = (await system.zabbix.call('host.get', {
      hostids,
      output: ['hostid', 'description'],
    })) as { hostid: string; description: string }[];
    return new Map(hosts.map((host) => [host.hostid, host.description]));
  }

  it('should bring every update at a steady rate into Zabbix', async () => {
    const atRest = residentMemoryByService();
    const created: TestDevice[] = [];
    for (let index = 0; index < HOSTS; index += 1) {
      created.push(await devices.create(`ttz-${index}`, { description: 'created' }));
    }
    const hostidOf = new Map<number, string>();
    await system.waitFor(
      async () => {
        const hosts = (await system.zabbix.call('host.get', {
          search: { host: `${system.prefix}ttz-` },
          startSearch: true,
          output: ['hostid', 'host'],
        })) as { hostid: string; host: string }[];
        const byName = new Map(hosts.map((host) => [host.host, host.hostid]));
        for (const device of created) {
          const hostid = byName.get(device.name);
          if (hostid) hostidOf.set(device.id, hostid);
        }
        return hostidOf.size === HOSTS;
      },
      `${HOSTS} hosts created`,
      10 * 60_000,
      500,
    );
    await system.settle(10 * 60_000);
    // Past the settle window of the creates: the updates below are isolated edits.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const hostids = [...hostidOf.values()];

    const updates: Update[] = [];
    const pending = new Map<string, Update>();
    let polling = true;
    let polls = 0;
    const poller = (async () => {
      while (polling || pending.size > 0) {
        // A loaded Zabbix sometimes drops a connection: that poll is lost, the next one tries again.
        const pollStartedAt = performance.now();
        const seen = await descriptions(hostids).catch(() => undefined);
        const now = performance.now();
        polls += 1;
        for (const [key, update] of seen === undefined ? [] : pending) {
          const [hostid] = key.split(' ', 1);
          if (seen?.get(hostid ?? '') === update.stamp) {
            update.seenAt = now;
            pending.delete(key);
          } else if (pollStartedAt > update.sentAt) {
            update.missedAt = pollStartedAt;
          }
        }
        // At most one poll per POLL_MS: back to back, the poller itself loaded Zabbix's PHP (8,000 calls a
        // minute) on the machine it measures.
        const rest = POLL_MS - (performance.now() - pollStartedAt);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        if (!polling && pending.size > 0 && now - (updates.at(-1)?.sentAt ?? now) > 5 * 60_000) break;
      }
    })();

    const total = RATE * SECONDS;
    const startedAt = performance.now();
    const posts: Promise<void>[] = [];
    for (let index = 0; index < total; index += 1) {
      const due = startedAt + (index * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const device = created[index % HOSTS];
      const stamp = `ttz stamp ${index}`;
      devices.update(device, { description: stamp });
      const body = netboxWebhookBody('dcim.device', 'updated', devices.current(device));
      const requestId = (JSON.parse(body) as { request_id: string }).request_id;
      const update: Update = {
        device,
        stamp,
        requestId,
        sentAt: performance.now(),
        sentWallMs: Date.now(),
      };
      updates.push(update);
      pending.set(`${hostidOf.get(device.id)} ${stamp}`, update);
      posts.push(
        system.postWebhook(body).then(
          (answer) => {
            update.answeredAt = performance.now();
            update.status = answer.status;
            // Refused (a 503 when JetStream did not confirm in time): NetBox would not retry; the host's
            // next update carries the state.
            if (answer.status !== 202) pending.delete(`${hostidOf.get(device.id)} ${stamp}`);
          },
          () => {
            update.status = 0;
            pending.delete(`${hostidOf.get(device.id)} ${stamp}`);
          },
        ),
      );
    }
    const sendSeconds = (performance.now() - startedAt) / 1000;
    await Promise.all(posts);
    polling = false;
    await poller;
    const steadyMemory = residentMemoryByService();

    // A later update of the same host can overtake an earlier one's poll: only the last stamp per host must
    // be there in the end; earlier ones that were never seen are counted apart.
    const accepted = updates.filter((update) => update.status === 202);
    const refused = updates.length - accepted.length;
    const seen = accepted.filter((update) => update.seenAt !== undefined);
    const latencies = seen.map((update) => update.seenAt! - update.sentAt);
    const earliest = seen.map((update) => (update.missedAt ?? update.sentAt) - update.sentAt);
    const answers = accepted.map((update) => update.answeredAt! - update.sentAt);

    const jobs = await system.database.query<JobTimes[]>(
      `SELECT correlation_id,
              extract(epoch from created_at) * 1000 AS created_ms,
              extract(epoch from published_at) * 1000 AS published_ms,
              extract(epoch from started_at) * 1000 AS started_ms,
              extract(epoch from completed_at) * 1000 AS completed_ms
         FROM job WHERE correlation_id = ANY($1)`,
      [updates.map((update) => update.requestId)],
    );
    const jobOf = new Map(jobs.map((job) => [job.correlation_id, job]));
    const stage = (pick: (update: Update, job: JobTimes) => number | null): number[] =>
      updates.flatMap((update) => {
        const job = jobOf.get(update.requestId);
        const value = job ? pick(update, job) : null;
        return value === null || Number.isNaN(value) ? [] : [value];
      });

    report.push(
      `time to Zabbix: ${total} device updates at ${RATE}/s over ${HOSTS} hosts (sent in ${sendSeconds.toFixed(1)} s), ${polls} polls (one per ${POLL_MS} ms at most)`,
      `  webhook POST → visible in Zabbix, at the latest (the poll that showed it answered): ${stats(latencies)}; ${accepted.length - seen.length} overtaken by a later update before a poll saw them; ${refused} not accepted (not 202)`,
      `  webhook POST → visible in Zabbix, at the earliest (the last poll that did not show it started): ${stats(earliest)}`,
      `  webhook POST → 202:               ${stats(answers)}`,
      `  POST → job stored:                ${stats(stage((update, job) => Number(job.created_ms) - update.sentWallMs))}`,
      `  job stored → published:           ${stats(stage((_, job) => (job.published_ms === null ? null : Number(job.published_ms) - Number(job.created_ms))))}`,
      `  published → writer started:       ${stats(stage((_, job) => (job.started_ms === null || job.published_ms === null ? null : Number(job.started_ms) - Number(job.published_ms))))}`,
      `  writer started → result applied:  ${stats(stage((_, job) => (job.completed_ms === null || job.started_ms === null ? null : Number(job.completed_ms) - Number(job.started_ms))))}`,
      `  jobs: ${jobs.length} for ${updates.length} updates (the others were coalesced into a later job)`,
      `memory at rest: ${describeMemory(atRest)}`,
      `memory after the steady run: ${describeMemory(steadyMemory)}`,
    );

    // Every host shows its last accepted stamp, or a later one (the scheduler re-reads NetBox, which may
    // already hold the stamp of a webhook that was refused).
    const last = await descriptions(hostids);
    const order = new Map(updates.map((update, index) => [update.stamp, index]));
    for (const device of created) {
      const lastStamp = [...accepted].reverse().find((update) => update.device === device)?.stamp;
      const shown = last.get(hostidOf.get(device.id)!) ?? '';
      expect(order.get(shown) ?? -1).toBeGreaterThanOrEqual(order.get(lastStamp ?? '') ?? -1);
    }

    // The burst: every host edited BURST / HOSTS times, 16 webhooks at once.
    const sampler = new PeakMemorySampler();
    const burstStartedAt = performance.now();
    let next = 0;
    let burstRefused = 0;
    await Promise.all(
      Array.from({ length: BURST_AT_ONCE }, async () => {
        while (next < BURST) {
          const index = next++;
          const device = created[index % HOSTS];
          devices.update(device, { description: `ttz burst ${index}` });
          const answer = await system.postWebhook(
            netboxWebhookBody('dcim.device', 'updated', devices.current(device)),
          );
          if (answer.status !== 202) burstRefused += 1;
        }
      }),
    );
    const postedSeconds = (performance.now() - burstStartedAt) / 1000;
    await system.settle(10 * 60_000);
    const drainedSeconds = (performance.now() - burstStartedAt) / 1000;
    const peak = sampler.stop();
    report.push(
      `burst: ${BURST} updates over ${HOSTS} hosts, ${BURST_AT_ONCE} at once: posted in ${postedSeconds.toFixed(1)} s (${burstRefused} not accepted), every event handled and no job in flight after ${drainedSeconds.toFixed(1)} s`,
      `memory, peak during the burst: ${describeMemory(peak)}`,
      `memory after the burst: ${describeMemory(residentMemoryByService())}`,
    );
  });
});
