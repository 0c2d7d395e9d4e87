/**
 * Hosts created per second: the zabbix-writer (jobs on JetStream, 1 and 2 replicas) against the way
 * cron-style tools work (one host at a time: look it up, then create it), on the same Zabbix in one run.
 *
 *   npm run bench                       # 200 hosts per approach
 *   BENCH_HOSTS=500 npm run bench
 *
 * Prints figures; asserts only that every host was made (performance is never asserted).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Messages, Streams, type HostUpsertJobPayload } from '@lib/contracts';
import { ensureTopology, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  PrivateNatsServer,
  uniqueZabbixTestPrefix,
  waitFor,
  zabbixTestConnection,
} from '@lib/testing';

jest.setTimeout(30 * 60_000);

const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);
const TEMPLATE = 'ICMP Ping';

interface Figure {
  readonly approach: string;
  readonly hosts: number;
  readonly seconds: number;
}

function address(index: number): string {
  return `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`;
}

describe('writer throughput (benchmark)', () => {
  const zabbix = createZabbixTestClient();
  const prefix = uniqueZabbixTestPrefix();
  const figures: Figure[] = [];

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
    const reference = figures[0];
    const lines = figures.map((figure) => {
      const rate = figure.hosts / figure.seconds;
      const ratio = reference ? rate / (reference.hosts / reference.seconds) : 1;
      return `| ${figure.approach} | ${figure.hosts} | ${figure.seconds.toFixed(1)} | ${rate.toFixed(1)} | ${ratio.toFixed(2)}× |`;
    });
    process.stdout.write(
      [
        '',
        `Zabbix ${(await zabbix.version().catch(() => 'unknown')).toString()}, ${HOSTS} hosts, template "${TEMPLATE}"`,
        '| approach | hosts | seconds | hosts/s | vs reference |',
        '|---|---|---|---|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  });

  it('reference: one host at a time, look-up then create (how cron-style tools work)', async () => {
    const [group] = await zabbix.ensureHostGroups([`${prefix}reference`]);
    const [template] = await zabbix.findTemplatesByName([TEMPLATE]);
    const started = performance.now();
    for (let index = 0; index < HOSTS; index += 1) {
      const host = `${prefix}ref-${index}`;
      await zabbix.call('host.get', { filter: { host: [host] }, output: ['hostid'] });
      await zabbix.call('host.create', {
        host,
        groups: [{ groupid: group.groupid }],
        templates: [{ templateid: template.templateid }],
        interfaces: [{ type: 1, main: 1, useip: 1, ip: address(index), dns: '', port: '10050' }],
      });
    }
    figures.push({
      approach: 'sequential, one host per call',
      hosts: HOSTS,
      seconds: (performance.now() - started) / 1000,
    });
    expect(
      await zabbix.call('host.get', {
        search: { host: `${prefix}ref-` },
        startSearch: true,
        countOutput: true,
      }),
    ).toBe(String(HOSTS));
  });

  it.each([1, 2])(
    'zabbix-writer × %i (jobs on JetStream, 4 jobs in flight per replica)',
    async (replicas) => {
      const nats = await PrivateNatsServer.start();
      const connection = new NatsConnection({ servers: nats.url, name: 'bench' });
      await connection.open();
      await ensureTopology(connection);
      const publisher = new JetStreamPublisher(connection);
      const zabbixConnection = zabbixTestConnection();
      const writers: ChildProcess[] = [];
      try {
        for (let replica = 0; replica < replicas; replica += 1) {
          writers.push(
            spawn(
              process.execPath,
              [join(__dirname, '..', 'dist', 'apps', 'zabbix-writer', 'src', 'main.js')],
              {
                env: {
                  PATH: process.env.PATH ?? '',
                  NATS_URL: nats.url,
                  LOG_LEVEL: process.env.BENCH_VERBOSE ? 'log' : 'warn',
                  ZABBIX_URL: zabbixConnection.url,
                  ZABBIX_USER: zabbixConnection.username ?? 'Admin',
                  ZABBIX_PASSWORD: zabbixConnection.password ?? 'zabbix',
                  WRITER_CONCURRENCY: '4',
                },
                stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
              },
            ),
          );
        }
        const results = async (): Promise<number> =>
          (await connection.jetstreamManager.streams.info(Streams.zabbixResults.name)).state.messages;
        // A warm-up job per replica so connection set-up is not counted.
        const group = `${prefix}writer-${replicas}`;
        const job = (index: number): HostUpsertJobPayload => ({
          jobId: randomUUID(),
          kind: 'CreateZabbixHost',
          hostKey: `dcim.device:${index + 1}`,
          revision: 1,
          desired: {
            host: `${prefix}w${replicas}-${index}`,
            name: `${prefix}w${replicas}-${index}`,
            status: 0,
            description: '',
            groups: [group],
            templates: [TEMPLATE],
            interfaces: [
              { kind: 'agent', main: true, useIp: true, ip: address(index), dns: '', port: 10050 },
            ],
            tags: [],
            inventoryMode: -1,
            inventory: {},
            monitoredBy: 'server',
            tlsConnect: 1,
            tlsAccept: 1,
          },
        });
        for (let index = 0; index < replicas; index += 1) {
          await publisher.publish(Messages.hostUpsertJob, job(HOSTS + index), {
            correlationId: 'bench-warm-up',
          });
        }
        await waitFor(async () => (await results()) >= replicas * 2, 'warm-up results', 60_000);
        const before = await results();

        const started = performance.now();
        for (let index = 0; index < HOSTS; index += 1) {
          await publisher.publish(Messages.hostUpsertJob, job(index), { correlationId: 'bench' });
        }
        await waitFor(async () => (await results()) >= before + HOSTS * 2, 'every result', 20 * 60_000, 200);
        figures.push({
          approach: `zabbix-writer × ${replicas}`,
          hosts: HOSTS,
          seconds: (performance.now() - started) / 1000,
        });
        const made = await zabbix.call('host.get', {
          search: { host: `${prefix}w${replicas}-` },
          startSearch: true,
          countOutput: true,
        });
        expect(Number(made)).toBe(HOSTS + replicas);
      } finally {
        for (const writer of writers) writer.kill('SIGTERM');
        await connection.close();
        await nats.dispose();
      }
    },
  );
});
