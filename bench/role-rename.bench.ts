/**
 * A device role renamed in NetBox while BENCH_ROLE_HOSTS devices (1000) of that role are in Zabbix, end to end
 * on the real Zabbix (three kinds of process, as deployed, with a fake NetBox REST API). The role shows in
 * Zabbix through a tag mapping (`Role` = `role.name`), so the rename changes every host's tags.
 *
 * The devices are loaded with SyncHostsNow; then the role is renamed in the fake NetBox and one
 * `dcim.devicerole` webhook is posted. The scheduler fans it out to every host config of the role, re-reads
 * those devices from NetBox and plans an update for each; the writers write them. The figure is the time
 * from the webhook's 202 until every host carries the new `Role` tag, with the Zabbix calls made (through a
 * counting proxy). References in the same run, straight to Zabbix, on the same hosts: the same tag change
 * sent as one host.update per host (4 in flight, as a writer's call limit allows), and as host.update
 * arrays of 100 (the raw limit).
 *
 *   npm run build && npx jest --selectProjects bench --runInBand bench/role-rename.bench.ts
 *
 * Needs TEST_ZABBIX_URL etc. as scripts/test.sh sets them. Asserts only that every host converged
 * (performance is never asserted).
 */
import { type ZabbixTag } from '@lib/clients';
import { waitFor, zabbixTestConnection } from '@lib/testing';
import { BridgeSystem } from '../test/e2e/support/bridge-system';
import { netboxWebhookBody } from '../test/e2e/support/netbox-webhook';
import { runSystemJob } from './system-job-runner';
import { describeCalls, ZabbixCallCounter } from './zabbix-call-counter';

jest.setTimeout(60 * 60_000);

const HOSTS = Number(process.env.BENCH_ROLE_HOSTS ?? 1000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 1);
const ROLE_ID = 940;
const ROLE_TAG = 'Role';
const REFERENCE_CONCURRENCY = 4;
const RAW_ARRAY = 100;

interface Figure {
  readonly what: string;
  readonly seconds: number;
  readonly calls: Record<string, number>;
}

function address(index: number): string {
  return `10.${200 + (Math.floor(index / 65_536) % 50)}.${Math.floor(index / 256) % 256}.${index % 256}`;
}

/** The role as NetBox nests it in a device. */
function role(name: string): Record<string, unknown> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id: ROLE_ID,
    url: `https://netbox.example.com/api/dcim/device-roles/${ROLE_ID}/`,
    display: name,
    name,
    slug,
    description: '',
  };
}

const WRITE_METHODS = new Set(['host.create', 'host.update', 'host.massupdate', 'host.delete']);

function writeCalls(calls: Record<string, number>): number {
  return Object.entries(calls)
    .filter(([method]) => WRITE_METHODS.has(method))
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('role rename (benchmark)', () => {
  const figures: Figure[] = [];
  let version = 'unknown';

  afterAll(() => {
    const lines = figures.map(
      (figure) =>
        `| ${figure.what} | ${HOSTS} | ${figure.seconds.toFixed(1)} | ${(HOSTS / figure.seconds).toFixed(1)} | ` +
        `${writeCalls(figure.calls)} | ${describeCalls(figure.calls)} |`,
    );
    process.stdout.write(
      [
        '',
        `Zabbix ${version}, role renamed on ${HOSTS} hosts, ${WRITERS} writer(s)`,
        '| run | hosts | seconds | hosts/s | write calls | Zabbix calls |',
        '|---|---|---|---|---|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  });

  it(`converges ${HOSTS} hosts after one role rename`, async () => {
    const counter = await ZabbixCallCounter.start(zabbixTestConnection().url);
    const system = new BridgeSystem({
      fakeNetbox: true,
      writerReplicas: WRITERS,
      environment: { ZABBIX_URL: counter.url },
    });
    await system.start();
    try {
      version = (await system.zabbix.version()).toString();
      const prefix = `${system.prefix}role-`;
      const hostsTagged = async (value: string): Promise<number> =>
        Number(
          await system.zabbix.call('host.get', {
            search: { host: prefix },
            startSearch: true,
            tags: [{ tag: ROLE_TAG, value, operator: 1 }],
            countOutput: true,
          }),
        );

      await system.database.setDeviceTagMapping([[ROLE_TAG, 'role.name']]);
      for (let index = 0; index < HOSTS; index += 1) {
        const id = 900_000 + index;
        system.netbox.upsertIpAddress({ id, address: `${address(index)}/16`, dns_name: '' });
        system.netbox.upsertDevice({
          id,
          name: `${prefix}${index}`,
          site: 3,
          role: role('Edge Router'),
          primary_ip4: id,
        });
      }
      const sync = await runSystemJob(system, 'SyncHostsNow', { confirm: true });
      expect(sync.status).toBe('completed');
      await system.settle(10 * 60_000);
      expect(await hostsTagged('Edge Router')).toBe(HOSTS);
      process.stdout.write(`${HOSTS} hosts loaded by SyncHostsNow in ${sync.seconds.toFixed(1)} s\n`);

      // The rename: every device of the role now nests the new name; NetBox sends one event for the role.
      for (let index = 0; index < HOSTS; index += 1) {
        system.netbox.upsertDevice({ id: 900_000 + index, role: role('Border Router') });
      }
      counter.reset();
      const body = netboxWebhookBody('dcim.devicerole', 'updated', role('Border Router') as { id: number });
      await system.deliver(body);
      const delivered = performance.now();
      const since = (): number => (performance.now() - delivered) / 1000;
      let plannedAfter: number | undefined;
      let firstAfter: number | undefined;
      await waitFor(
        async () => {
          if (plannedAfter === undefined && (await system.eventsHandled())) plannedAfter = since();
          const converged = await hostsTagged('Border Router');
          if (firstAfter === undefined && converged > 0) firstAfter = since();
          return converged === HOSTS;
        },
        `${HOSTS} hosts tagged with the new role name`,
        10 * 60_000,
        100,
      );
      const seconds = (performance.now() - delivered) / 1000;
      figures.push({
        what:
          `bridge: webhook → every host converged (first host after ${firstAfter?.toFixed(1) ?? '?'} s, ` +
          `the event handled, every job planned, after ${plannedAfter?.toFixed(1) ?? '?'} s)`,
        seconds,
        calls: counter.snapshot(),
      });
      await system.settle(10 * 60_000);

      // References, straight to Zabbix: the same change of the Role tag on the same hosts.
      const hosts = (await system.zabbix.call('host.get', {
        output: ['hostid'],
        search: { host: prefix },
        startSearch: true,
        selectTags: ['tag', 'value'],
      })) as { hostid: string; tags: ZabbixTag[] }[];
      const retagged = (value: string) =>
        hosts.map(({ hostid, tags }) => ({
          hostid,
          tags: tags.map((tag) => (tag.tag === ROLE_TAG ? { tag: ROLE_TAG, value } : tag)),
        }));
      {
        const client = system.zabbix;
        let started = performance.now();
        const single = retagged('Spine Router');
        let next = 0;
        await Promise.all(
          Array.from({ length: REFERENCE_CONCURRENCY }, async () => {
            while (next < single.length) {
              const update = single[next++];
              if (update) await client.call('host.update', update);
            }
          }),
        );
        figures.push({
          what: `reference: one host.update per host, ${REFERENCE_CONCURRENCY} in flight`,
          seconds: (performance.now() - started) / 1000,
          calls: { 'host.update': single.length },
        });
        expect(await hostsTagged('Spine Router')).toBe(HOSTS);

        started = performance.now();
        const arrays = retagged('Leaf Router');
        for (let start = 0; start < arrays.length; start += RAW_ARRAY) {
          await client.call('host.update', arrays.slice(start, start + RAW_ARRAY));
        }
        figures.push({
          what: `raw limit: host.update arrays of ${RAW_ARRAY} (tags only), one after another`,
          seconds: (performance.now() - started) / 1000,
          calls: { 'host.update': Math.ceil(arrays.length / RAW_ARRAY) },
        });
        expect(await hostsTagged('Leaf Router')).toBe(HOSTS);
      }
    } finally {
      await system.stop();
      await counter.close();
    }
  });
});
