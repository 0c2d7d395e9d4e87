/**
 * Hosts created per second, in one run on the same Zabbix: the zabbix-writer (jobs on JetStream, 1 and 2
 * replicas, batching with its default settings) against the way cron-style tools work (one host at a time:
 * look it up, then create it) and against the raw limit (pre-built host.create arrays of 100 sent directly).
 *
 *   npm run bench                       # 1000 hosts per approach
 *   BENCH_HOSTS=200 npm run bench
 *
 * Prints figures and the Zabbix calls each approach made; asserts only that every host was made
 * (performance is never asserted).
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
  TEST_SECRETS_KEY,
} from '@lib/testing';
import { describeCalls, ZabbixCallCounter } from './zabbix-call-counter';

jest.setTimeout(60 * 60_000);

const HOSTS = Number(process.env.BENCH_HOSTS ?? 1000);
const TEMPLATE = 'ICMP Ping';
const RAW_ARRAY = 100;

interface Figure {
  readonly approach: string;
  readonly hosts: number;
  readonly seconds: number;
  readonly calls: Record<string, number>;
}

function address(index: number): string {
  return `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`;
}

function callsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([method, count]) => [method, count - (before[method] ?? 0)] as const)
      .filter(([method, count]) => count > 0 && method !== 'apiinfo.version' && method !== 'user.login'),
  );
}

describe('writer throughput (benchmark)', () => {
  const zabbix = createZabbixTestClient();
  const prefix = uniqueZabbixTestPrefix();
  const figures: Figure[] = [];

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    const version = (await zabbix.version().catch(() => 'unknown')).toString();
    await zabbix.close();
    const reference = figures[0];
    const lines = figures.map((figure) => {
      const rate = figure.hosts / figure.seconds;
      const ratio = reference ? rate / (reference.hosts / reference.seconds) : 1;
      return (
        `| ${figure.approach} | ${figure.hosts} | ${figure.seconds.toFixed(1)} | ${rate.toFixed(1)} | ` +
        `${ratio.toFixed(2)}× | ${describeCalls(figure.calls)} |`
      );
    });
    process.stdout.write(
      [
        '',
        `Zabbix ${version}, ${HOSTS} hosts, template "${TEMPLATE}"`,
        '| approach | hosts | seconds | hosts/s | vs reference | Zabbix calls |',
        '|---|---|---|---|---|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  });

  async function countOf(hostPrefix: string): Promise<number> {
    return Number(
      await zabbix.call('host.get', { search: { host: hostPrefix }, startSearch: true, countOutput: true }),
    );
  }

  it('reference: one host at a time, look-up then create (how cron-style tools work)', async () => {
    const [group] = await zabbix.ensureHostGroups([`${prefix}reference`]);
    const [template] = await zabbix.findTemplatesByName([TEMPLATE]);
    const before = zabbix.callCounts();
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
      calls: callsBetween(before, zabbix.callCounts()),
    });
    expect(await countOf(`${prefix}ref-`)).toBe(HOSTS);
  });

  it(`raw limit: pre-built host.create arrays of ${RAW_ARRAY}, sent one after another`, async () => {
    const [group] = await zabbix.ensureHostGroups([`${prefix}raw`]);
    const [template] = await zabbix.findTemplatesByName([TEMPLATE]);
    const arrays = Array.from({ length: Math.ceil(HOSTS / RAW_ARRAY) }, (_, array) =>
      Array.from({ length: Math.min(RAW_ARRAY, HOSTS - array * RAW_ARRAY) }, (_, offset) => {
        const index = array * RAW_ARRAY + offset;
        return {
          host: `${prefix}raw-${index}`,
          groups: [{ groupid: group.groupid }],
          templates: [{ templateid: template.templateid }],
          interfaces: [{ type: 1, main: 1, useip: 1, ip: address(index), dns: '', port: '10050' }],
        };
      }),
    );
    const before = zabbix.callCounts();
    const started = performance.now();
    for (const hosts of arrays) await zabbix.call('host.create', hosts);
    figures.push({
      approach: `raw host.create arrays of ${RAW_ARRAY}`,
      hosts: HOSTS,
      seconds: (performance.now() - started) / 1000,
      calls: callsBetween(before, zabbix.callCounts()),
    });
    expect(await countOf(`${prefix}raw-`)).toBe(HOSTS);
  });

  it.each([1, 2])('zabbix-writer × %i (jobs on JetStream, default batching)', async (replicas) => {
    const nats = await PrivateNatsServer.start();
    const connection = new NatsConnection({ servers: nats.url, name: 'bench' });
    await connection.open();
    await ensureTopology(connection);
    const publisher = new JetStreamPublisher(connection);
    const zabbixConnection = zabbixTestConnection();
    const counter = await ZabbixCallCounter.start(zabbixConnection.url);
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
                SECRETS_KEY: TEST_SECRETS_KEY,
                LOG_LEVEL: process.env.BENCH_VERBOSE ? 'log' : 'warn',
                ZABBIX_URL: counter.url,
                ZABBIX_USER: zabbixConnection.username ?? 'Admin',
                ZABBIX_PASSWORD: zabbixConnection.password ?? 'zabbix',
              },
              stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
            },
          ),
        );
      }
      const results = async (): Promise<number> =>
        (await connection.jetstreamManager.streams.info(Streams.zabbixResults.name)).state.messages;
      const group = `${prefix}writer-${replicas}`;
      const job = (index: number): HostUpsertJobPayload => ({
        jobId: randomUUID(),
        kind: 'CreateZabbixHost',
        hostKey: `dcim.device:${replicas * 1_000_000 + index + 1}`,
        revision: 1,
        desired: {
          host: `${prefix}w${replicas}-${index}`,
          name: `${prefix}w${replicas}-${index}`,
          status: 0,
          description: '',
          groups: [group],
          templates: [TEMPLATE],
          interfaces: [{ kind: 'agent', main: true, useIp: true, ip: address(index), dns: '', port: 10050 }],
          tags: [],
          inventoryMode: -1,
          inventory: {},
          monitoredBy: 'server',
          tlsConnect: 1,
          tlsAccept: 1,
        },
      });
      // A warm-up job per replica so connection set-up is not counted.
      for (let index = 0; index < replicas; index += 1) {
        await publisher.publish(Messages.hostUpsertJob, job(HOSTS + index), {
          correlationId: 'bench-warm-up',
        });
      }
      await waitFor(async () => (await results()) >= replicas * 2, 'warm-up results', 60_000);
      const before = await results();
      counter.reset();

      const started = performance.now();
      await Promise.all(
        Array.from({ length: HOSTS }, (_, index) =>
          publisher.publish(Messages.hostUpsertJob, job(index), { correlationId: 'bench' }),
        ),
      );
      // Each job reports started, then succeeded (and working only if it took JOB_HEARTBEAT_MS).
      await waitFor(async () => (await results()) >= before + HOSTS * 2, 'every result', 30 * 60_000, 100);
      figures.push({
        approach: `zabbix-writer × ${replicas}`,
        hosts: HOSTS,
        seconds: (performance.now() - started) / 1000,
        calls: counter.snapshot(),
      });
      expect(await countOf(`${prefix}w${replicas}-`)).toBe(HOSTS + replicas);
    } finally {
      for (const writer of writers) writer.kill('SIGTERM');
      await counter.close();
      await connection.close();
      await nats.dispose();
    }
  });
});
