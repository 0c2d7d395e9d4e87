import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Streams } from '@lib/contracts';
import { IngesterConfig, loadConfig } from '@lib/config';
import { NatsConnection } from '@lib/messaging';
import {
  badWebhookRequests,
  type BadWebhookRequest,
  loadNetboxFixture,
  PrivateNatsServer,
} from '@lib/testing';
import { createIngesterApp } from '../ingester-app.factory';

/**
 * Issue 10, bad webhooks: BAD_WEBHOOKS (10,000) malformed, truncated, oversized, wrongly signed, replayed and
 * random requests from a seeded generator (BAD_WEBHOOKS_SEED; a failure names the seed and the request's
 * index, so it can be replayed exactly), 16 at a time, against the ingester with its own NATS. No crash,
 * every answer the 4xx its defect calls for, nothing published, the heap flat.
 */
const COUNT = Number(process.env.BAD_WEBHOOKS ?? 10_000);
const SEED = Number(process.env.BAD_WEBHOOKS_SEED ?? 20_261_202);
const AT_ONCE = 16;
const SECRET = 'bad-webhooks-secret';
const MAX_BODY_BYTES = 16_384;
/** Heap growth allowed over the run, after a full GC: far below what keeping the requests would take. */
const HEAP_GROWTH_LIMIT_BYTES = 24 * 1024 * 1024;

jest.setTimeout(300_000);

interface Answer {
  readonly status: number;
  readonly body: string;
}

function sign(body: string): string {
  return createHmac('sha512', SECRET).update(body).digest('hex');
}

/** A NetBox 4.6 device-updated body with a request id and device id of its own. */
function uniqueDeviceUpdated(): string {
  const fixture = loadNetboxFixture<{ data: Record<string, unknown>; request: Record<string, unknown> }>(
    'webhook-device-updated.json',
  );
  const requestId = randomUUID();
  return JSON.stringify({
    ...fixture,
    timestamp: new Date().toISOString().replace('Z', '+00:00'),
    request_id: requestId,
    request: { ...fixture.request, id: requestId },
    data: { ...fixture.data, id: randomInt(1_000_000, 2 ** 31 - 1) },
  });
}

/** A full GC (the flag is set at run time, so the suite needs no `--expose-gc`). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

describe('Ingester against bad webhooks', () => {
  let nats: PrivateNatsServer;
  let app: NestExpressApplication;
  let url: URL;
  const agent = new Agent({ keepAlive: true, maxSockets: AT_ONCE });

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    const config = loadConfig(IngesterConfig, {
      NATS_URL: nats.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      PUBLISH_TIMEOUT_MS: '5000',
    });
    app = await createIngesterApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    url = new URL('/webhooks/netbox', await app.getUrl());
    await app.get(NatsConnection).ready();
  }, 30_000);

  afterAll(async () => {
    agent.destroy();
    await app?.close();
    await nats?.dispose();
  });

  /** Sends the exact bytes and headers (an empty Content-Type stays empty), on a kept-alive connection. */
  function post(body: Buffer, headers: Readonly<Record<string, string>>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      // The server may answer 413 before it has read everything; the rest of the body then goes nowhere.
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  async function storedEvents(): Promise<number> {
    const manager = app.get(NatsConnection).jetstreamManager;
    return (await manager.streams.info(Streams.netboxEvents.name)).state.messages;
  }

  it(`should refuse ${COUNT} bad requests (seed ${SEED}) each with its 4xx, publish nothing, stay up and keep its heap flat`, async () => {
    const validBody = uniqueDeviceUpdated();
    const accepted = await post(Buffer.from(validBody), {
      'content-type': 'application/json',
      'x-hook-signature': sign(validBody),
    });
    expect(accepted.status).toBe(202);
    const storedBefore = await storedEvents();
    collectGarbage();
    const before = process.memoryUsage();

    const requests = badWebhookRequests({
      seed: SEED,
      count: COUNT,
      validBody,
      secret: SECRET,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    const mismatches: string[] = [];
    const statuses = new Map<number, number>();
    let index = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        for (let next = requests.next(); next.done !== true; next = requests.next()) {
          const request: BadWebhookRequest = next.value;
          const position = index++;
          const answer = await post(request.body, request.headers);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status !== request.expectedStatus && mismatches.length < 20) {
            mismatches.push(
              `#${position} ${request.kind} (${request.defect}): expected ${request.expectedStatus}, got ${answer.status} ${answer.body.slice(0, 200)}`,
            );
          }
        }
      }),
    );

    collectGarbage();
    const after = process.memoryUsage();
    process.stdout.write(
      `bad webhooks: ${index} requests, answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `heap ${megabytes(before.heapUsed)} → ${megabytes(after.heapUsed)}, ` +
        `RSS ${megabytes(before.rss)} → ${megabytes(after.rss)} (the test and the ingester share the process)\n`,
    );
    expect(index).toBe(COUNT);
    expect(mismatches).toEqual([]);
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(await storedEvents()).toBe(storedBefore);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);

    // Still up, and still storing: a new event is accepted, an exact replay of the first is stored once.
    const fresh = uniqueDeviceUpdated();
    const stillUp = await post(Buffer.from(fresh), {
      'content-type': 'application/json',
      'x-hook-signature': sign(fresh),
    });
    expect(stillUp.status).toBe(202);
    expect(await storedEvents()).toBe(storedBefore + 1);
  });

  it('should store an exact replay of a stored event once: 202 duplicate, nothing new in the stream', async () => {
    const body = uniqueDeviceUpdated();
    const headers = { 'content-type': 'application/json', 'x-hook-signature': sign(body) };
    expect((await post(Buffer.from(body), headers)).status).toBe(202);
    const stored = await storedEvents();

    const replays = await Promise.all(Array.from({ length: 50 }, () => post(Buffer.from(body), headers)));

    expect(
      new Set(
        replays.map((answer) =>
          [answer.status, (JSON.parse(answer.body) as { duplicate?: boolean }).duplicate].join(),
        ),
      ),
    ).toEqual(new Set(['202,true']));
    expect(await storedEvents()).toBe(stored);
  });
});
