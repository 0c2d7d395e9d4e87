import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { type StoredMsg } from '@nats-io/jetstream';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type EnvelopeOf, type NetboxEventPayload, Streams } from '@lib/contracts';
import { IngesterConfig, loadConfig } from '@lib/config';
import { NatsConnection } from '@lib/messaging';
import { loadNetboxFixture, PrivateNatsServer, readNetboxFixture } from '@lib/testing';
import { createIngesterApp } from '../ingester-app.factory';
import { WebhooksController } from './webhooks.controller';

interface SignatureVector {
  secret: string;
  body_file: string;
  expected_x_hook_signature: string;
}

interface WebhookFixture {
  event: string;
  timestamp: string;
  object_type: string;
  username: string;
  request_id: string;
  request: Record<string, unknown>;
  data: Record<string, unknown>;
  snapshots: Record<string, unknown>;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

const MAX_BODY_BYTES = 8_192;
const vector = loadNetboxFixture<SignatureVector>('webhook-signature-vector.json');
const EVENTS_STREAM = Streams.netboxEvents.name;

/** A NetBox 4.6 device-created body with a request id and device id of its own, so no two runs share an event. */
function uniqueDeviceCreated(): { body: string; requestId: string; deviceId: number } {
  const fixture = loadNetboxFixture<WebhookFixture>('webhook-device-created.json');
  const requestId = randomUUID();
  const deviceId = randomInt(1_000_000, 2 ** 31 - 1);
  const body = JSON.stringify({
    ...fixture,
    request_id: requestId,
    request: { ...fixture.request, id: requestId },
    data: { ...fixture.data, id: deviceId },
  });
  return { body, requestId, deviceId };
}

function sign(body: string | Buffer, secret = vector.secret): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

function signedHeaders(body: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hook-signature': sign(body) };
}

describe(WebhooksController.name, () => {
  let nats: PrivateNatsServer;
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    const config = loadConfig(IngesterConfig, {
      NATS_URL: nats.url,
      WEBHOOK_SECRET: vector.secret,
      WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      PUBLISH_TIMEOUT_MS: '2000',
    });
    app = await createIngesterApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    await app.get(NatsConnection).ready();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await nats?.dispose();
  });

  async function post(body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${baseUrl}/webhooks/netbox`, { method: 'POST', body, headers });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Answer['body'],
    };
  }

  /** Every message of the events stream with this Nats-Msg-Id (the stream is this suite's own). */
  async function storedWithId(messageId: unknown): Promise<StoredMsg[]> {
    const manager = app.get(NatsConnection).jetstreamManager;
    const { state } = await manager.streams.info(EVENTS_STREAM);
    const found: StoredMsg[] = [];
    for (let sequence = state.first_seq; state.messages > 0 && sequence <= state.last_seq; sequence += 1) {
      const message = await manager.streams.getMessage(EVENTS_STREAM, { seq: sequence });
      if (message !== null && message.header?.get('Nats-Msg-Id') === messageId) found.push(message);
    }
    return found;
  }

  async function storedCount(): Promise<number> {
    const info = await app.get(NatsConnection).jetstreamManager.streams.info(EVENTS_STREAM);
    return info.state.messages;
  }

  it('should store the event and answer 202 when NetBox posts the signed device-created body', async () => {
    const rawBody = readNetboxFixture(vector.body_file);

    const answer = await post(rawBody, {
      'content-type': 'application/json',
      'x-hook-signature': vector.expected_x_hook_signature,
    });

    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      accepted: true,
      messageId: expect.stringMatching(/^dcim\.device:101:created:[0-9a-f]{32}$/),
      duplicate: false,
      subject: 'netbox.event.dcim.device.created.v1',
    });
    const [stored, ...others] = await storedWithId(answer.body.messageId);
    expect(others).toHaveLength(0);
    expect(stored.subject).toBe('netbox.event.dcim.device.created.v1');
    const envelope = stored.json<EnvelopeOf<NetboxEventPayload>>();
    expect(envelope).toMatchObject({
      messageId: answer.body.messageId,
      correlationId: '6f1c2b3a-9d4e-4f7a-8b21-0c5e7d9a1f02',
      occurredAt: '2026-08-20T09:12:41.702Z',
      schemaVersion: 1,
      payload: {
        objectType: 'dcim.device',
        objectId: 101,
        action: 'created',
        timestamp: '2026-08-20T09:12:41.702118+00:00',
        requestId: '6f1c2b3a-9d4e-4f7a-8b21-0c5e7d9a1f02',
        username: 'netbox-automation',
        prechange: null,
        postchange: expect.objectContaining({ name: 'ams1-core-rtr01', primary_ip4: null }),
      },
    });
    expect(envelope.payload.data).toEqual(JSON.parse(rawBody).data);
  });

  it('should answer 202 with duplicate true and store the event once when the same body arrives twice', async () => {
    const { body, requestId, deviceId } = uniqueDeviceCreated();

    const first = await post(body, signedHeaders(body));
    const second = await post(body, signedHeaders(body));

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.body).toMatchObject({
      duplicate: false,
      messageId: expect.stringContaining(`:${deviceId}:`),
    });
    expect(second.body).toEqual({ ...first.body, duplicate: true });
    const stored = await storedWithId(first.body.messageId);
    expect(stored).toHaveLength(1);
    expect(stored[0].json<EnvelopeOf<NetboxEventPayload>>().correlationId).toBe(requestId);
  });

  it('should normalise a NetBox 3.x body when it arrives with a bare model and a space in the timestamp', async () => {
    const fixture = loadNetboxFixture<WebhookFixture>('webhook-virtualmachine-created.json');
    const virtualMachineId = randomInt(1_000_000, 2 ** 31 - 1);
    const body = JSON.stringify({
      event: 'created',
      timestamp: fixture.timestamp.replace('T', ' '),
      model: 'virtualmachine',
      username: fixture.username,
      request_id: randomUUID(),
      data: { ...fixture.data, id: virtualMachineId },
      snapshots: fixture.snapshots,
    });

    const answer = await post(body, signedHeaders(body));

    expect(answer.status).toBe(202);
    expect(answer.body.subject).toBe('netbox.event.virtualization.virtualmachine.created.v1');
    const [stored] = await storedWithId(answer.body.messageId);
    expect(stored.json<EnvelopeOf<NetboxEventPayload>>().payload).toMatchObject({
      objectType: 'virtualization.virtualmachine',
      objectId: virtualMachineId,
      timestamp: fixture.timestamp,
    });
  });

  it('should accept a charset parameter when the content type is application/json', async () => {
    const { body } = uniqueDeviceCreated();

    const answer = await post(body, {
      ...signedHeaders(body),
      'content-type': 'application/json; charset=utf-8',
    });

    expect(answer.status).toBe(202);
  });

  it.each<[string, (body: string) => Record<string, string>, string]>([
    ['is missing', () => ({ 'content-type': 'application/json' }), 'X-Hook-Signature is required'],
    [
      'is made with another secret',
      (body) => ({ 'content-type': 'application/json', 'x-hook-signature': sign(body, 'another-secret') }),
      'X-Hook-Signature does not match the body',
    ],
    [
      'has the wrong length',
      (body) => ({ 'content-type': 'application/json', 'x-hook-signature': sign(body).slice(0, 64) }),
      'X-Hook-Signature does not match the body',
    ],
  ])('should answer 401 and store nothing when the signature %s', async (_case, headers, message) => {
    const { body } = uniqueDeviceCreated();
    const before = await storedCount();

    const answer = await post(body, headers(body));

    expect(answer).toMatchObject({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message } });
    expect(await storedCount()).toBe(before);
  });

  it.each<[string, (body: WebhookFixture) => string, string]>([
    ['malformed JSON', (body) => JSON.stringify(body).slice(0, -1), 'body is not valid JSON: '],
    [
      'a job event',
      (body) => JSON.stringify({ ...body, event: 'job_started' }),
      'body.event must be one of created, updated, deleted',
    ],
    [
      'an unknown bare model',
      ({ object_type: _objectType, ...body }) => JSON.stringify({ ...body, model: 'gizmo' }),
      'body.model "gizmo" is not a known NetBox model',
    ],
    ['a JSON array', () => '[]', 'body must be a JSON object'],
  ])('should answer 400 naming the problem when the signed body is %s', async (_case, build, message) => {
    const body = build(loadNetboxFixture<WebhookFixture>('webhook-device-created.json'));
    const before = await storedCount();

    const answer = await post(body, signedHeaders(body));

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining(message),
    });
    expect(await storedCount()).toBe(before);
  });

  it('should answer 413 when Content-Length is over the limit', async () => {
    const body = `{"padding": "${'x'.repeat(MAX_BODY_BYTES)}"}`;

    const answer = await post(body, signedHeaders(body));

    expect(answer).toMatchObject({
      status: 413,
      body: { statusCode: 413, message: `body is larger than ${MAX_BODY_BYTES} bytes` },
    });
  });

  it('should answer 413 when a chunked body without Content-Length grows over the limit', async () => {
    const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const outgoing = httpRequest(
        `${baseUrl}/webhooks/netbox`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      for (let chunk = 0; chunk < 3; chunk += 1) outgoing.write('x'.repeat(4_000));
      outgoing.end();
    });

    expect(answer).toMatchObject({ status: 413, body: { statusCode: 413 } });
  });

  it('should answer 415 before anything else when the content type is not JSON', async () => {
    const body = 'x'.repeat(MAX_BODY_BYTES * 2);

    const answer = await post(body, { 'content-type': 'text/plain' });

    expect(answer).toMatchObject({
      status: 415,
      body: { statusCode: 415, message: 'Content-Type must be application/json, not "text/plain"' },
    });
  });

  it('should answer 413 before checking the signature when an unsigned body is too large', async () => {
    const answer = await post('{'.repeat(MAX_BODY_BYTES + 1), { 'content-type': 'application/json' });

    expect(answer.status).toBe(413);
  });

  it('should answer 200 on the health and readiness probes when NATS is connected', async () => {
    const [live, ready] = await Promise.all([fetch(`${baseUrl}/healthz`), fetch(`${baseUrl}/readyz`)]);

    expect([live.status, ready.status]).toEqual([200, 200]);
    expect(await ready.json()).toEqual({ status: 'ready', nats: true });
  });
});
