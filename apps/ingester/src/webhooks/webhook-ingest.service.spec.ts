import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BadRequestException,
  ForbiddenException,
  type HttpException,
  Logger,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { of, throwError } from 'rxjs';
import { InvalidMessageError } from '@lib/contracts';
import { IngesterConfig, loadConfig } from '@lib/config';
import {
  type JetStreamClientProxy,
  JetStreamRecord,
  type NatsConnection,
  type PublishReceipt,
  ServiceEndpoint,
} from '@lib/messaging';
import { MetricsRegistry } from '@lib/observability';
import { loadNetboxFixture, readNetboxFixture } from '@lib/testing';
import { RetryLaterException } from './retry-later.exception';
import { RETRY_AFTER_SECONDS, type WebhookRequest, WebhookIngestService } from './webhook-ingest.service';
import { WebhookMetrics } from './webhook.metrics';

interface SignatureVector {
  secret: string;
  body_file: string;
  expected_x_hook_signature: string;
}

const vector = loadNetboxFixture<SignatureVector>('webhook-signature-vector.json');
const rawBody = readNetboxFixture(vector.body_file);
const REQUEST_ID = '6f1c2b3a-9d4e-4f7a-8b21-0c5e7d9a1f02';

function request(body: string | Buffer, headers: Record<string, string>): WebhookRequest {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Object.assign(Readable.from([bytes], { objectMode: false }), {
    headers: { 'content-length': String(bytes.length), ...headers },
  });
}

function signed(body: string, headers: Record<string, string> = {}): WebhookRequest {
  const signature = createHmac('sha512', vector.secret).update(body).digest('hex');
  return request(body, { 'content-type': 'application/json', 'x-hook-signature': signature, ...headers });
}

function receipt(duplicate: boolean): PublishReceipt {
  return { messageId: 'ignored', stream: 'NBZB_NETBOX_EVENTS_V1', sequence: 7, duplicate };
}

describe(WebhookIngestService.name, () => {
  let emit: jest.Mock;
  let nats: { connected: boolean };

  function service(
    environment: Record<string, string> = { WEBHOOK_SECRET: vector.secret },
  ): WebhookIngestService {
    const config = loadConfig(IngesterConfig, { WEBHOOK_MAX_BODY_BYTES: '8192', ...environment });
    return new WebhookIngestService(
      config,
      { emit } as unknown as JetStreamClientProxy,
      nats as NatsConnection,
      new WebhookMetrics(
        new MetricsRegistry(),
        new ServiceEndpoint({ name: 'netbox-webhook', subject: 'netbox.event.>', queueGroup: 'ingester' }),
      ),
    );
  }

  async function failure(attempt: Promise<unknown>): Promise<HttpException> {
    return attempt.then(
      () => {
        throw new Error('expected the webhook to be refused');
      },
      (error: HttpException) => error,
    );
  }

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    emit = jest.fn().mockReturnValue(of(receipt(false)));
    nats = { connected: true };
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should publish the normalised event and answer accepted when the signed fixture body arrives', async () => {
    const answer = await service().ingest(
      request(rawBody, {
        'content-type': 'application/json',
        'x-hook-signature': vector.expected_x_hook_signature,
      }),
    );

    expect(answer).toEqual({
      accepted: true,
      messageId: expect.stringMatching(/^dcim\.device:101:created:/),
      duplicate: false,
      subject: 'netbox.event.dcim.device.created.v1',
    });
    expect(emit).toHaveBeenCalledWith('netbox.event.dcim.device.created.v1', expect.any(JetStreamRecord));
    const [[, record]] = emit.mock.calls as [[string, JetStreamRecord]];
    expect(record.payload).toMatchObject({
      objectType: 'dcim.device',
      objectId: 101,
      action: 'created',
      requestId: REQUEST_ID,
    });
    expect(record.options).toEqual({
      messageId: answer.messageId,
      correlationId: REQUEST_ID,
      occurredAt: new Date('2026-08-20T09:12:41.702Z'),
      timeoutMs: 5_000,
    });
  });

  it('should say duplicate when JetStream already held the event', async () => {
    emit.mockReturnValue(of(receipt(true)));

    await expect(service().ingest(signed(rawBody))).resolves.toMatchObject({
      accepted: true,
      duplicate: true,
    });
  });

  it('should not ask for a signature when no secret is configured', async () => {
    const answer = await service({}).ingest(request(rawBody, { 'content-type': 'application/json' }));

    expect(answer.accepted).toBe(true);
  });

  it.each<[string, () => WebhookRequest, new (...args: never[]) => HttpException, string]>([
    [
      'a form body that is also too large and unsigned',
      () => request('x'.repeat(9_000), { 'content-type': 'application/x-www-form-urlencoded' }),
      UnsupportedMediaTypeException,
      'Content-Type must be application/json, not "application/x-www-form-urlencoded"',
    ],
    [
      'a body over the limit that is also unsigned and malformed',
      () => request('{'.repeat(9_000), { 'content-type': 'application/json' }),
      PayloadTooLargeException,
      'body is larger than 8192 bytes',
    ],
    [
      'an unsigned malformed body',
      () => request('{', { 'content-type': 'application/json' }),
      UnauthorizedException,
      'X-Hook-Signature is required',
    ],
    [
      'a malformed body with a wrong signature',
      () => request('{', { 'content-type': 'application/json', 'x-hook-signature': 'ab'.repeat(64) }),
      UnauthorizedException,
      'X-Hook-Signature does not match the body',
    ],
    ['a signed malformed body', () => signed('{'), BadRequestException, 'body is not valid JSON'],
    [
      'a signed body that is no NetBox event',
      () => signed('{"event": "job_started"}'),
      BadRequestException,
      'body.event must be one of created, updated, deleted',
    ],
  ])('should refuse %s with the first check that fails', async (_case, build, status, message) => {
    const error = await failure(service().ingest(build()));

    expect(error).toBeInstanceOf(status);
    expect(error.message).toContain(message);
    expect(emit).not.toHaveBeenCalled();
  });

  it('should answer 503 with Retry-After and not publish when NATS is not connected', async () => {
    nats.connected = false;

    const error = await failure(service().ingest(signed(rawBody)));

    expect(error).toBeInstanceOf(RetryLaterException);
    expect(error).toMatchObject({ retryAfterSeconds: RETRY_AFTER_SECONDS });
    expect(error.getStatus()).toBe(503);
    expect(emit).not.toHaveBeenCalled();
  });

  it('should answer 503 with Retry-After when JetStream does not confirm in time', async () => {
    emit.mockReturnValue(throwError(() => Object.assign(new Error('timeout'), { name: 'TimeoutError' })));

    const error = await failure(service().ingest(signed(rawBody)));

    expect(error).toBeInstanceOf(RetryLaterException);
    expect(error.message).toBe('JetStream did not confirm storing the event (TimeoutError)');
  });

  it('should answer 400 when the contract rejects the payload', async () => {
    emit.mockReturnValue(throwError(() => new InvalidMessageError('netbox-event.v1: objectType is invalid')));

    const error = await failure(service().ingest(signed(rawBody)));

    expect(error).toBeInstanceOf(BadRequestException);
  });

  function from(peer: string, headers: Record<string, string> = {}): WebhookRequest {
    return Object.assign(signed(rawBody, headers), { socket: { remoteAddress: peer } });
  }

  it('should answer 403 naming the source and publish nothing when it is outside the allowed networks', async () => {
    const allowed = {
      WEBHOOK_SECRET: vector.secret,
      WEBHOOK_ALLOWED_NETWORKS: '192.0.2.0/24, 2001:db8::/32',
    };

    const error = await failure(service(allowed).ingest(from('::ffff:203.0.113.9')));

    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.message).toBe('source address 203.0.113.9 is not in WEBHOOK_ALLOWED_NETWORKS');
    expect(emit).not.toHaveBeenCalled();
    await expect(service(allowed).ingest(from('192.0.2.10'))).resolves.toMatchObject({ accepted: true });
    await expect(service(allowed).ingest(from('2001:db8::7'))).resolves.toMatchObject({ accepted: true });
  });

  it('should believe X-Forwarded-For only from a trusted proxy', async () => {
    const behindProxy = {
      WEBHOOK_SECRET: vector.secret,
      WEBHOOK_ALLOWED_NETWORKS: '192.0.2.0/24',
      WEBHOOK_TRUSTED_PROXIES: '10.0.0.0/8',
    };
    const forwarded = { 'x-forwarded-for': '192.0.2.10' };

    await expect(service(behindProxy).ingest(from('10.1.1.1', forwarded))).resolves.toMatchObject({
      accepted: true,
    });
    const spoofed = await failure(service(behindProxy).ingest(from('203.0.113.9', forwarded)));
    expect(spoofed.message).toBe('source address 203.0.113.9 is not in WEBHOOK_ALLOWED_NETWORKS');
  });

  it('should refuse to start with a network list it cannot read, naming the variable', () => {
    expect(() => service({ WEBHOOK_ALLOWED_NETWORKS: '192.0.2.0/24, 10.0.0.0/40' })).toThrow(
      /Invalid configuration: WEBHOOK_ALLOWED_NETWORKS \("10\.0\.0\.0\/40" is not/,
    );
  });
});
