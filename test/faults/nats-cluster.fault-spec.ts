import { type PrivateNatsCluster } from '@lib/testing';
import { BridgeSystem } from '../e2e/support/bridge-system';
import { NetboxDevices, type TestDevice } from '../e2e/support/netbox-devices';
import { netboxWebhookBody } from '../e2e/support/netbox-webhook';

/**
 * Sizes of the run. CI: 300 devices and 60 webhooks, a node down for 5 s. Larger, as in docs/reliability.md:
 * `E2E_CLUSTER_HOSTS=2000 E2E_CLUSTER_BURST=500 npx jest test/faults/nats-cluster.fault-spec.ts --selectProjects faults --runInBand`.
 */
const HOSTS = Number(process.env.E2E_CLUSTER_HOSTS ?? 300);
const BURST = Number(process.env.E2E_CLUSTER_BURST ?? 60);
const OUTAGE_MS = Number(process.env.E2E_CLUSTER_OUTAGE_MS ?? 5_000);
/** Webhooks in flight at once. */
const AT_ONCE = 4;

jest.setTimeout(600_000 + HOSTS * 200 + BURST * 500);

interface ConnectionList {
  readonly connections?: readonly { readonly name?: string }[];
}

/** The bridge's connections (named `<app>-<host>-<pid>-<role>`) on each node, from its /connz. */
async function bridgeConnections(cluster: PrivateNatsCluster): Promise<string[][]> {
  return Promise.all(
    cluster.nodes.map(async (node) => {
      if (!node.running || node.monitorUrl === null) return [];
      const list = (await (await fetch(`${node.monitorUrl}/connz?limit=1000`)).json()) as ConnectionList;
      return (list.connections ?? [])
        .map((connection) => connection.name ?? '')
        .filter((name) => /^(ingester|scheduler|zabbix-writer)-/.test(name));
    }),
  );
}

/**
 * Issue 10, past one machine: the bridge on a 3-node NATS cluster (streams and consumers with 3 copies, the
 * services spread over the nodes) completes a SyncHostsNow and a webhook burst while the node carrying the
 * most of its connections is killed with -9 and restarted: every host as NetBox has it, once, and no job
 * left pending or running.
 */
describe('A NATS cluster losing a node (end to end)', () => {
  let system: BridgeSystem;
  let devices: NetboxDevices;

  beforeAll(async () => {
    system = new BridgeSystem({ fakeNetbox: true, natsCluster: true, writerReplicas: 2 });
    devices = new NetboxDevices(system);
    await system.start();
  });

  afterEach(() => system.printLogsIfAssertionsFailed());

  afterAll(async () => {
    await system?.stop();
  });

  async function startSystemJob(kind: string, parameters: Record<string, unknown>): Promise<string> {
    const answer = await fetch(`${system.schedulerUrl}/system-jobs/${kind}/run`, {
      method: 'POST',
      headers: system.apiHeaders,
      body: JSON.stringify(parameters),
    });
    expect(answer.status).toBe(202);
    return ((await answer.json()) as { jobId: string }).jobId;
  }

  async function job(jobId: string): Promise<{ status: string; result: unknown }> {
    const answer = await fetch(`${system.schedulerUrl}/jobs/${jobId}`, { headers: system.apiHeaders });
    return (await answer.json()) as { status: string; result: unknown };
  }

  /** Every Zabbix host the suite made, as [name, interface IPs], sorted (a duplicate name appears twice). */
  async function zabbixHosts(): Promise<[string, string[]][]> {
    const hosts = (await system.zabbix.call('host.get', {
      search: { host: system.prefix },
      startSearch: true,
      output: ['host'],
      selectInterfaces: ['ip'],
    })) as { host: string; interfaces: { ip: string }[] }[];
    return hosts
      .map((host): [string, string[]] => [host.host, host.interfaces.map((row) => row.ip)])
      .sort(([left], [right]) => left.localeCompare(right));
  }

  it(`should complete a SyncHostsNow of ${HOSTS} and a burst of ${BURST} webhooks with a NATS node killed -9 for ${OUTAGE_MS / 1000} s, losing nothing`, async () => {
    const cluster = system.natsCluster;
    const placement = await bridgeConnections(cluster);
    const synced: TestDevice[] = Array.from({ length: HOSTS }, (_, index) => devices.add(`sync-${index}`));
    const burst: TestDevice[] = [];
    let refused = 0;
    const started = performance.now();

    const syncJob = await startSystemJob('SyncHostsNow', { confirm: true });
    // The burst: each device added to NetBox, then its webhook; a 503 (NATS could not store it) is sent
    // again, as an operator would (NetBox does not retry), and only a 202 counts as delivered.
    let next = 0;
    const burstDone = Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < BURST) {
          const device = devices.add(`burst-${next++}`);
          burst.push(device);
          const body = netboxWebhookBody('dcim.device', 'created', devices.current(device));
          for (;;) {
            const answer = await system.postWebhook(body);
            if (answer.status === 202) break;
            expect(answer.status).toBe(503);
            refused += 1;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      }),
    );

    // In the middle of both: the first hosts are in Zabbix, most are not.
    await system.waitFor(
      async () => (await zabbixHosts()).length >= Math.min(20, HOSTS / 10),
      'the first hosts in Zabbix',
      300_000,
      250,
    );
    const counts = placement.map((names) => names.length);
    const victim = counts.indexOf(Math.max(...counts));
    const hostsAtKill = (await zabbixHosts()).length;
    await cluster.kill(victim);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // Started again and taking connections; whether its copies have caught up is checked at the end. The
    // bridge must not need it: once in CI (2.9.10, loaded), a consumer on the restarted node was still not
    // current 60 s after the restart, while the other two nodes carried everything.
    await cluster.node(victim).restart();

    await burstDone;
    const sync = await system.waitFor(
      async () => {
        const state = await job(syncJob);
        return state.status === 'completed' || state.status === 'failed' ? state : undefined;
      },
      'the SyncHostsNow job finished',
      600_000,
      500,
    );
    await system.settle(300_000);
    const seconds = (performance.now() - started) / 1000;

    expect(sync.status).toBe('completed');
    const expected = [...synced, ...burst]
      .map((device): [string, string[]] => [device.name, [device.ip]])
      .sort(([left], [right]) => left.localeCompare(right));
    // Every host once with its address, and nothing else under the prefix: Zabbix 6.0 has no unique index on
    // host names, so a job run twice at once in two writers could leave two hosts of one name.
    expect(await zabbixHosts()).toEqual(expected);
    expect(await system.database.idle()).toBe(true);
    // Every service still connected: each answers ready, and the restarted node is back in the cluster.
    for (const label of ['scheduler', 'ingester', ...system.writerLabels]) {
      expect([label, (await fetch(`${system.httpUrl(label)}/readyz`)).status]).toEqual([label, 200]);
    }
    await cluster.waitUntilHealthy(180_000);

    const jobs = await system.database.query<{ status: string; attempts: number; count: number }[]>(
      'SELECT status, attempts, count(*)::int AS count FROM job GROUP BY status, attempts ORDER BY 1, 2',
    );
    process.stdout.write(
      [
        `NATS cluster: ${HOSTS} synced + ${BURST} webhooks, node ${victim + 1} killed -9 for ${OUTAGE_MS} ms`,
        `  bridge connections per node before the kill: ${counts.join(' / ')} (${placement[victim]?.join(', ')})`,
        `  hosts in Zabbix at the kill: ${hostsAtKill}; webhooks answered 503 and sent again: ${refused}`,
        `  SyncHostsNow: ${JSON.stringify(sync.result)}`,
        `  jobs by status and attempts: ${jobs.map((row) => `${row.status} ×${row.attempts}: ${row.count}`).join(', ')}`,
        `  writers' log lines: 'adopting host' ${system.allLogs().split('adopting host').length - 1}`,
        `  request → every host converged and idle: ${seconds.toFixed(1)} s`,
        '',
      ].join('\n'),
    );
  });
});
