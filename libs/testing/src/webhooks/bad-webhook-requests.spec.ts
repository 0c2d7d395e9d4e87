import { createHash, createHmac } from 'node:crypto';
import { loadNetboxFixture } from '../fixtures';
import {
  BAD_WEBHOOK_KINDS,
  badWebhookRequests,
  type BadWebhookKind,
  type BadWebhookOptions,
  type BadWebhookRequest,
  seededRandom,
} from './bad-webhook-requests';

const SECRET = 'unit-secret';
const VALID_BODY = JSON.stringify(loadNetboxFixture('webhook-device-updated.json'));
const OPTIONS: BadWebhookOptions = {
  seed: 20261202,
  count: 1_000,
  validBody: VALID_BODY,
  secret: SECRET,
  maxBodyBytes: 16_384,
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function sign(body: Buffer | string): string {
  return createHmac('sha512', SECRET).update(body).digest('hex');
}

function parses(body: Buffer): boolean {
  try {
    JSON.parse(strictUtf8.decode(body));
    return true;
  } catch {
    return false;
  }
}

const ALL = [...badWebhookRequests(OPTIONS)];

function byKind(kind: BadWebhookKind): BadWebhookRequest[] {
  return ALL.filter((request) => request.kind === kind);
}

/** One digest of every request's kind, defect, headers and bytes. */
function digest(requests: Iterable<BadWebhookRequest>): string {
  const hash = createHash('sha256');
  for (const request of requests) {
    hash.update(JSON.stringify([request.kind, request.defect, request.headers, request.expectedStatus]));
    hash.update(request.body);
  }
  return hash.digest('hex');
}

describe(badWebhookRequests.name, () => {
  it('should give the same requests, byte for byte, for the same seed', () => {
    expect(digest(badWebhookRequests(OPTIONS))).toBe(digest(ALL));
  });

  it('should give other requests for another seed', () => {
    expect(digest(badWebhookRequests({ ...OPTIONS, seed: 7 }))).not.toBe(digest(ALL));
  });

  it('should give exactly `count` requests and every kind among 1,000', () => {
    expect(ALL).toHaveLength(1_000);
    expect(new Set(ALL.map((request) => request.kind))).toEqual(new Set(BAD_WEBHOOK_KINDS));
  });

  it.each([
    ['malformed-json', 400],
    ['invalid-utf8', 400],
    ['wrong-shape', 400],
    ['truncated', 400],
    ['oversized', 413],
    ['unsigned', 401],
    ['wrongly-signed', 401],
    ['replayed-tampered', 401],
    ['wrong-media-type', 415],
  ] as const)('should expect %s requests to be answered %i', (kind, status) => {
    const requests = byKind(kind);

    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((request) => request.expectedStatus))).toEqual(new Set([status]));
  });

  it.each(['malformed-json', 'invalid-utf8', 'wrong-shape', 'truncated', 'oversized'] as const)(
    'should sign %s bodies with the secret, so the check they aim at is reached',
    (kind) => {
      for (const request of byKind(kind)) {
        expect([request.defect, request.headers['x-hook-signature']]).toEqual([
          request.defect,
          sign(request.body),
        ]);
        expect(request.headers['content-type']).toBe('application/json');
      }
    },
  );

  it.each(['malformed-json', 'invalid-utf8', 'truncated'] as const)(
    'should make %s bodies that are not strict UTF-8 JSON',
    (kind) => {
      for (const request of byKind(kind))
        expect([request.defect, parses(request.body)]).toEqual([request.defect, false]);
    },
  );

  it('should make wrong-shape bodies valid JSON lacking or breaking a NetBox field', () => {
    const requests = byKind('wrong-shape');

    for (const request of requests)
      expect([request.defect, parses(request.body)]).toEqual([request.defect, true]);
    expect(new Set(requests.map((request) => request.defect)).size).toBeGreaterThan(10);
  });

  it('should make truncated bodies proper prefixes of the valid body', () => {
    for (const request of byKind('truncated')) {
      expect(request.body.length).toBeLessThan(Buffer.byteLength(VALID_BODY));
      expect(VALID_BODY.startsWith(request.body.toString('utf8'))).toBe(true);
    }
  });

  it('should make oversized bodies larger than the limit and at most twice it plus the valid body', () => {
    for (const request of byKind('oversized')) {
      expect(request.body.length).toBeGreaterThan(OPTIONS.maxBodyBytes);
      expect(request.body.length).toBeLessThanOrEqual(OPTIONS.maxBodyBytes * 2 + VALID_BODY.length + 20);
    }
  });

  it('should keep every other body within the limit, so that only oversized ones are refused for size', () => {
    const others = ALL.filter((request) => request.kind !== 'oversized');

    for (const request of others) expect(request.body.length).toBeLessThanOrEqual(OPTIONS.maxBodyBytes);
  });

  it('should send the valid body with a wrong or missing signature in unsigned and wrongly-signed requests', () => {
    for (const request of [...byKind('unsigned'), ...byKind('wrongly-signed')]) {
      expect(request.body.toString('utf8')).toBe(VALID_BODY);
      expect(request.headers['x-hook-signature']).not.toBe(sign(VALID_BODY));
    }
  });

  it("should replay the valid body's signature on a changed body in replayed-tampered requests", () => {
    for (const request of byKind('replayed-tampered')) {
      expect(request.body.toString('utf8')).not.toBe(VALID_BODY);
      expect(parses(request.body)).toBe(true);
      expect(request.headers['x-hook-signature']).toBe(sign(VALID_BODY));
    }
  });

  it('should never leave a valid signature on random bytes that are not signed on purpose', () => {
    for (const request of byKind('random-bytes')) {
      const signed = request.headers['x-hook-signature'] === sign(request.body);
      expect([request.defect, signed, request.expectedStatus]).toEqual([
        request.defect,
        request.expectedStatus === 400,
        request.expectedStatus,
      ]);
    }
  });
});

describe(seededRandom.name, () => {
  it('should repeat its sequence for a seed and stay in [0, 1)', () => {
    const first = Array.from({ length: 1_000 }, seededRandom(42));
    const second = Array.from({ length: 1_000 }, seededRandom(42));

    expect(second).toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(1);
    expect(new Set(first).size).toBeGreaterThan(990);
  });
});
