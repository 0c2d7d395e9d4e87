import { randomInt, randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { IngesterConfig, loadConfig } from '@lib/config';
import { loadNetboxFixture, PrivateNatsServer } from '@lib/testing';
import { createIngesterApp } from '../ingester-app.factory';
import { RETRY_AFTER_SECONDS, WebhookIngestService } from './webhook-ingest.service';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: Record<string, unknown>;
}

const PUBLISH_TIMEOUT_MS = 500;

/** An unsigned NetBox 4.6 device-updated body of its own (this app runs without WEBHOOK_SECRET). */
function uniqueDeviceUpdated(): string {
  const fixture = loadNetboxFixture<{ data: Record<string, unknown>; request: Record<string, unknown> }>(
    'webhook-device-updated.json',
  );
  const requestId = randomUUID();
  return JSON.stringify({
    ...fixture,
    request_id: requestId,
    request: { ...fixture.request, id: requestId },
    data: { ...fixture.data, id: randomInt(1_000_000, 2 ** 31 - 1) },
  });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(WebhookIngestService.name, () => {
  describe('when NATS is unavailable', () => {
    let nats: PrivateNatsServer;
    let app: NestExpressApplication;
    let baseUrl: string;

    beforeAll(async () => {
      nats = await PrivateNatsServer.start();
      const config = loadConfig(IngesterConfig, {
        NATS_URL: nats.url,
        PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      });
      app = await createIngesterApp(config, { logger: ['error'] });
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
    }, 30_000);

    afterAll(async () => {
      nats?.resume();
      await nats?.restart();
      await app?.close();
      await nats?.dispose();
    }, 30_000);

    async function post(body: string): Promise<Answer> {
      const response = await fetch(`${baseUrl}/webhooks/netbox`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Record<string, unknown>,
      };
    }

    async function readyStatus(): Promise<number> {
      return (await fetch(`${baseUrl}/readyz`)).status;
    }

    it('should answer 503 with Retry-After while the server is down and 202 once it is back', async () => {
      const body = uniqueDeviceUpdated();
      await nats.kill();
      await eventually(async () => (await readyStatus()) === 503);

      const whileDown = await post(body);

      expect(whileDown).toEqual({
        status: 503,
        retryAfter: String(RETRY_AFTER_SECONDS),
        body: {
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'NATS is not connected: the event was not stored',
        },
      });
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

      await nats.restart();
      await eventually(async () => (await readyStatus()) === 200);
      const afterRestart = await post(body);

      expect(afterRestart).toMatchObject({ status: 202, body: { accepted: true, duplicate: false } });
    }, 30_000);

    it('should answer 503 when JetStream does not confirm in time, and duplicate once it stored the event late', async () => {
      const body = uniqueDeviceUpdated();
      nats.pause();

      const whilePaused = await post(body);

      nats.resume();
      expect(whilePaused).toMatchObject({
        status: 503,
        retryAfter: String(RETRY_AFTER_SECONDS),
        body: { message: expect.stringContaining('JetStream did not confirm storing the event') },
      });
      const retried = await post(body);
      expect(retried).toMatchObject({ status: 202, body: { accepted: true, duplicate: true } });
    }, 30_000);
  });
});
