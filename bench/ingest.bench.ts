/**
 * Signed NetBox webhooks per second into the ingester, and their latency (the ingester answers 202 only once
 * JetStream has stored the event), beside a bare Node HTTP server that reads the body and answers 202, in
 * the same run, at the same concurrency. Both servers are processes of their own (the ingester from the
 * compiled build, as deployed, with its default log level); the load comes from this process, over kept-alive
 * connections, with bodies signed beforehand. Each level runs the bare server, then the ingester, back to
 * back; the ingester's events go to a private nats-server (nothing consumes them).
 *
 *   npm run build && npx jest bench/ingest.bench.ts --selectProjects bench --runInBand
 *
 * BENCH_INGEST_LEVELS (`1,16,64`): concurrency levels; BENCH_INGEST_REQUESTS (2000): webhooks per level and
 * server; BENCH_INGEST_BASELINE: the root of another checkout, built (`git worktree add /tmp/before <commit>`,
 * `npm run build` there), whose ingester is measured too, between the bare server and this one: a before and
 * after in the same run. Prints figures; asserts only that every webhook was accepted (performance is never asserted).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createHmac, randomUUID } from 'node:crypto';
import { freePort, loadNetboxFixture, PrivateNatsServer, waitFor } from '@lib/testing';
import { ServiceProcesses } from '../test/e2e/support/service-processes';
import { netboxWebhookBody } from '../test/e2e/support/netbox-webhook';
import { type LoadResult, postAll, type PreparedRequest } from './support/http-load';

jest.setTimeout(30 * 60_000);

const LEVELS = (process.env.BENCH_INGEST_LEVELS ?? '1,16,64').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 2000);
const WARM_UP = 200;
const SECRET = 'bench-webhook-secret';
const BASELINE = process.env.BENCH_INGEST_BASELINE;

/** A bare HTTP server: reads the body, answers 202 with a small JSON body, as the ingester does. */
const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.stringify({ accepted: true, bytes: Buffer.concat(chunks).length });
    response.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
`;

type DeviceData = Record<string, unknown> & { id: number };

interface Row {
  readonly server: string;
  readonly result: LoadResult;
}

describe('ingest (benchmark)', () => {
  const device = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  const rows: Row[] = [];
  let nats: PrivateNatsServer;
  let services: ServiceProcesses;
  let bare: ChildProcess;
  let baseline: ChildProcess | undefined;
  let baselineUrl = '';
  let ingesterUrl = '';
  let bareUrl = '';
  let deviceId = 3_000_000;

  /** `count` device-updated webhooks, each a new NetBox request (no two de-duplicated), signed. */
  function signedBodies(count: number): PreparedRequest[] {
    return Array.from({ length: count }, () => {
      deviceId += 1;
      const text = netboxWebhookBody('dcim.device', 'updated', {
        ...device,
        id: deviceId,
        name: `bench-ingest-${deviceId}`,
        comments: randomUUID(),
      });
      return {
        body: Buffer.from(text),
        headers: {
          'content-type': 'application/json',
          'x-hook-signature': createHmac('sha512', SECRET).update(text).digest('hex'),
        },
      };
    });
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    const ingesterPort = await freePort();
    services = new ServiceProcesses({
      NATS_URL: nats.url,
      INGESTER_HOST: '127.0.0.1',
      INGESTER_PORT: String(ingesterPort),
      WEBHOOK_SECRET: SECRET,
      ...(process.env.BENCH_INGEST_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_INGEST_LOG_LEVEL } : {}),
    });
    services.start('ingester');
    ingesterUrl = `http://127.0.0.1:${ingesterPort}/webhooks/netbox`;
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${ingesterPort}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      'the ingester',
      60_000,
    );
    if (BASELINE !== undefined) {
      const baselinePort = await freePort();
      baseline = spawn(process.execPath, [join(BASELINE, 'dist', 'apps', 'ingester', 'src', 'main.js')], {
        env: {
          PATH: process.env.PATH ?? '',
          NATS_URL: nats.url,
          INGESTER_HOST: '127.0.0.1',
          INGESTER_PORT: String(baselinePort),
          WEBHOOK_SECRET: SECRET,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      baseline.stdout?.resume();
      baselineUrl = `http://127.0.0.1:${baselinePort}/webhooks/netbox`;
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${baselinePort}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        'the baseline ingester',
        60_000,
      );
    }

    const barePort = await freePort();
    bare = spawn(process.execPath, ['-e', BARE_SERVER], {
      env: { PORT: String(barePort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => bare.stdout?.once('data', () => resolve()));
    bareUrl = `http://127.0.0.1:${barePort}/webhooks/netbox`;

    // Warm both up (JIT, connections, the stream's first writes) before anything is timed.
    await postAll(bareUrl, signedBodies(WARM_UP), 4);
    await postAll(ingesterUrl, signedBodies(WARM_UP), 4);
    if (baseline) await postAll(baselineUrl, signedBodies(WARM_UP), 4);
  }, 180_000);

  afterAll(async () => {
    bare?.kill('SIGTERM');
    baseline?.kill('SIGTERM');
    await services?.stopAll();
    await nats?.dispose();
    const lines = rows.map(({ server, result }) => {
      const bareRate = rows.find(
        (row) => row.server === 'bare' && row.result.concurrency === result.concurrency,
      )?.result.perSecond;
      const share = bareRate ? `${((100 * result.perSecond) / bareRate).toFixed(1)} %` : '-';
      return (
        `| ${server} | ${result.concurrency} | ${result.requests} | ${result.seconds.toFixed(2)} | ` +
        `${result.perSecond.toFixed(0)} | ${result.p50Ms.toFixed(1)} | ${result.p99Ms.toFixed(1)} | ${share} | ` +
        `${JSON.stringify(result.statuses)} |`
      );
    });
    process.stdout.write(
      [
        '',
        `ingest, ${REQUESTS} signed device-updated webhooks per level and server`,
        '| server | at once | webhooks | seconds | per second | p50 ms | p99 ms | of bare | answers |',
        '|---|---|---|---|---|---|---|---|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  });

  it.each(LEVELS)('should accept every webhook, %i at once, beside a bare server', async (concurrency) => {
    const bareResult = await postAll(bareUrl, signedBodies(REQUESTS), concurrency);
    rows.push({ server: 'bare', result: bareResult });
    if (baseline) {
      const before = await postAll(baselineUrl, signedBodies(REQUESTS), concurrency);
      rows.push({ server: 'ingester, baseline checkout', result: before });
    }
    const result = await postAll(ingesterUrl, signedBodies(REQUESTS), concurrency);
    rows.push({ server: 'ingester', result });
    expect(result.statuses).toEqual({ 202: REQUESTS });
  });
});
