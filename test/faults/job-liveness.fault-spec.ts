import { ZabbixFaultProxy, zabbixTestConnection } from '@lib/testing';
import { BridgeSystem } from '../e2e/support/bridge-system';
import { NetboxDevices, type TestDevice } from '../e2e/support/netbox-devices';

/**
 * How long Zabbix stays away in the outage test. CI uses 20 s; the 10-minute outage is
 * `E2E_ZABBIX_OUTAGE_MS=600000 npx jest test/faults/job-liveness.fault-spec.ts --selectProjects faults --runInBand -t outage` (README).
 */
const OUTAGE_MS = Number(process.env.E2E_ZABBIX_OUTAGE_MS ?? 20_000);

jest.setTimeout(OUTAGE_MS + 280_000);
const BURST = 24;

/**
 * Issue 6, liveness, end to end against the real Zabbix behind a fault proxy: a Zabbix outage during a burst
 * pauses the writers instead of failing jobs, and everything converges once it is back; a writer killed
 * with -9 in the middle of a job loses nothing.
 */
describe('Job liveness through Zabbix outages and dead writers (end to end)', () => {
  let proxy: ZabbixFaultProxy;
  let system: BridgeSystem;
  let devices: NetboxDevices;

  async function expectConverged(created: readonly TestDevice[]): Promise<void> {
    for (const device of created) {
      const host = await system.inspect.host(device.name);
      expect([device.name, host?.interfaces.map((row) => row.ip)]).toEqual([device.name, [device.ip]]);
      const jobs = await system.database.jobs(device.hostKey);
      expect([device.name, jobs.map((job) => job.status)]).toEqual([device.name, ['completed']]);
    }
  }

  beforeAll(async () => {
    proxy = await ZabbixFaultProxy.start(zabbixTestConnection().url);
    system = new BridgeSystem({
      fakeNetbox: true,
      environment: {
        ZABBIX_URL: proxy.url,
        ZABBIX_TIMEOUT_MS: '5000',
        JOB_HEARTBEAT_MS: '2000',
        ZABBIX_OUTAGE_PROBE_MAX_MS: '4000',
        JOB_DEADLINE_MS: '10000',
        REAPER_INTERVAL_MS: '1000',
      },
    });
    devices = new NetboxDevices(system);
    await system.start();
  });

  afterEach(() => system.printLogsIfAssertionsFailed());

  afterAll(async () => {
    await system?.stop();
    await proxy?.close();
  });

  it(`should pause through a Zabbix outage of ${OUTAGE_MS / 1000} s during a burst and converge after it, failing nothing`, async () => {
    proxy.down();
    const downSince = Date.now();
    const created: TestDevice[] = [];
    for (let index = 0; index < BURST; index += 1) created.push(await devices.create(`outage-${index}`));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downSince))));
    const callsWhileDown = proxy.callCount('down', downSince);
    proxy.up();

    await system.settle(120_000);

    await expectConverged(created);
    // Bounded while down: the first calls of the jobs in hand, then one probe at a time (1 s doubling to 4 s).
    const outageSeconds = OUTAGE_MS / 1000;
    expect(callsWhileDown).toBeLessThanOrEqual(16 + outageSeconds / 2);
    process.stdout.write(
      `outage ${outageSeconds} s: ${callsWhileDown} calls reached Zabbix while it was down (${(callsWhileDown / outageSeconds).toFixed(2)}/s)\n`,
    );
  });

  it('should lose nothing when the writer is killed with -9 in the middle of a job: reaped, retried, converged', async () => {
    proxy.slow(4_000);
    const device = await devices.create('killed-writer');
    await system.waitFor(
      async () => (await system.database.jobs(device.hostKey)).at(-1)?.status === 'running',
      'the job running',
    );
    const [writer] = system.writerLabels;
    await system.killWriter(writer ?? '');
    proxy.up();
    await system.startWriter('zabbix-writer-replacement');

    // Its heartbeats stop: the reaper (deadline 10 s, before the 30 s ack wait would redeliver the message)
    // takes the message off the queue and fails the job as retryable; the retry goes to the new writer.
    await system.settle(120_000);

    expect(await system.inspect.countHosts(device.name)).toBe(1);
    expect((await system.inspect.host(device.name))?.interfaces.map((row) => row.ip)).toEqual([device.ip]);
    const jobs = await system.database.jobs(device.hostKey);
    expect(jobs.map((job) => [job.status, job.worker])).toEqual([
      ['failed', writer],
      ['completed', 'zabbix-writer-replacement'],
    ]);
    expect(jobs[0]?.error).toContain('reaped');
  });
});
