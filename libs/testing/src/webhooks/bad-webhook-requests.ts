import { createHmac } from 'node:crypto';

/** The kinds of bad webhook request, each refused by the ingester with its own status. */
export const BAD_WEBHOOK_KINDS = [
  'malformed-json',
  'invalid-utf8',
  'wrong-shape',
  'truncated',
  'oversized',
  'unsigned',
  'wrongly-signed',
  'replayed-tampered',
  'random-bytes',
  'wrong-media-type',
] as const;

export type BadWebhookKind = (typeof BAD_WEBHOOK_KINDS)[number];

/** One request that must be refused: the exact bytes and headers to send, and the status expected. */
export interface BadWebhookRequest {
  readonly kind: BadWebhookKind;
  /** What was done to the body, for a failing assertion's message. */
  readonly defect: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** 400 (not JSON, not a NetBox body), 401 (signature), 413 (size) or 415 (media type). */
  readonly expectedStatus: 400 | 401 | 413 | 415;
}

export interface BadWebhookOptions {
  /** The same seed gives the same requests, byte for byte. */
  readonly seed: number;
  readonly count: number;
  /** A NetBox webhook body the ingester accepts (the `X-Hook-Signature` it carries is `secret`'s). */
  readonly validBody: string;
  readonly secret: string;
  /** The ingester's WEBHOOK_MAX_BODY_BYTES. */
  readonly maxBodyBytes: number;
}

type Random = () => number;
type JsonObject = Record<string, unknown>;

/**
 * A seeded pseudo-random source in [0, 1) (mulberry32): the same seed always gives the same sequence, so a
 * fuzz run that found something can be run again exactly.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` webhook requests the ingester must refuse, in a seeded order of kinds: syntactically broken JSON,
 * bytes that are not UTF-8, JSON that is not a NetBox body, truncated bodies, bodies over the size limit,
 * missing or wrong signatures, a signed body replayed with its content changed, random bytes, and the wrong
 * media type. Bodies that must fail past the signature check are signed with `secret`, so the check each
 * one aims at is really reached (the ingester checks media type → size → signature → JSON → shape).
 * Pure: a generator, so 10,000 requests never sit in memory at once.
 */
export function* badWebhookRequests(options: BadWebhookOptions): Generator<BadWebhookRequest> {
  const random = seededRandom(options.seed);
  const valid = JSON.parse(options.validBody) as JsonObject;
  for (let index = 0; index < options.count; index += 1) {
    const kind = pick(random, BAD_WEBHOOK_KINDS);
    yield build(kind, random, options, valid);
  }
}

function build(
  kind: BadWebhookKind,
  random: Random,
  options: BadWebhookOptions,
  valid: JsonObject,
): BadWebhookRequest {
  const { validBody, secret } = options;
  const signed = (defect: string, body: Buffer, expectedStatus: BadWebhookRequest['expectedStatus']) =>
    request(kind, defect, body, { 'x-hook-signature': sign(secret, body) }, expectedStatus);
  switch (kind) {
    case 'malformed-json': {
      const [defect, text] = breakSyntax(random, validBody);
      return signed(defect, Buffer.from(text, 'utf8'), 400);
    }
    case 'invalid-utf8': {
      const bytes = Buffer.from(validBody, 'utf8');
      const at = integer(random, 0, bytes.length);
      const bad = pick(random, [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
      return signed(
        `bytes ${bad.join(',')} at ${at}`,
        Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]),
        400,
      );
    }
    case 'wrong-shape': {
      const [defect, value] = breakShape(random, valid);
      return signed(defect, Buffer.from(JSON.stringify(value), 'utf8'), 400);
    }
    case 'truncated': {
      const bytes = Buffer.from(validBody, 'utf8');
      const length = integer(random, 0, bytes.length - 1);
      return signed(`first ${length} of ${bytes.length} bytes`, bytes.subarray(0, length), 400);
    }
    case 'oversized': {
      const size = integer(random, options.maxBodyBytes + 1, options.maxBodyBytes * 2);
      const padded = { ...valid, padding: 'x'.repeat(size) };
      return signed(`${size}-byte padding`, Buffer.from(JSON.stringify(padded), 'utf8'), 413);
    }
    case 'unsigned':
      return request(kind, 'no X-Hook-Signature', Buffer.from(validBody, 'utf8'), {}, 401);
    case 'wrongly-signed': {
      const body = Buffer.from(validBody, 'utf8');
      const [defect, signature] = wrongSignature(random, secret, body);
      return request(kind, defect, body, { 'x-hook-signature': signature }, 401);
    }
    case 'replayed-tampered': {
      const [defect, value] = tamper(random, valid);
      return request(
        kind,
        defect,
        Buffer.from(JSON.stringify(value), 'utf8'),
        { 'x-hook-signature': sign(secret, Buffer.from(validBody, 'utf8')) },
        401,
      );
    }
    case 'random-bytes': {
      const body = randomBytes(random, integer(random, 0, 2_048));
      return random() < 0.5
        ? signed(`${body.length} random bytes, signed`, body, 400)
        : request(
            kind,
            `${body.length} random bytes, random signature`,
            body,
            { 'x-hook-signature': randomBytes(random, 64).toString('hex') },
            401,
          );
    }
    case 'wrong-media-type': {
      const [defect, headers] = pick(random, WRONG_MEDIA_TYPES);
      const body = Buffer.from(validBody, 'utf8');
      return request(kind, defect, body, { ...headers, 'x-hook-signature': sign(secret, body) }, 415);
    }
  }
}

const WRONG_MEDIA_TYPES: readonly (readonly [string, Record<string, string>])[] = [
  ['text/plain', { 'content-type': 'text/plain' }],
  ['form encoded', { 'content-type': 'application/x-www-form-urlencoded' }],
  ['no content type', { 'content-type': '' }],
  ['latin-1 charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
  ['gzip encoding', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
];

function request(
  kind: BadWebhookKind,
  defect: string,
  body: Buffer,
  headers: Record<string, string>,
  expectedStatus: BadWebhookRequest['expectedStatus'],
): BadWebhookRequest {
  return {
    kind,
    defect,
    body,
    headers: { 'content-type': 'application/json', ...headers },
    expectedStatus,
  };
}

/**
 * Syntax defects that no position can make valid: a raw control character is refused inside a string and
 * between tokens alike; a trailing comma, a second top-level value, single quotes, comments, NaN and an
 * unknown escape are never JSON.
 */
function breakSyntax(random: Random, text: string): [string, string] {
  const at = integer(random, 0, text.length);
  const defects: (() => [string, string])[] = [
    () => {
      const control = pick(random, [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f]);
      return [
        `control character ${control} at ${at}`,
        text.slice(0, at) + String.fromCharCode(control) + text.slice(at),
      ];
    },
    () => ['trailing comma', `${text.slice(0, -1)},}`],
    () => ['two top-level values', `${text}${text}`],
    () => ['single quotes', text.replaceAll('"', "'")],
    () => ['a comment', `/* netbox */${text}`],
    () => ['NaN', `${text.slice(0, -1)},"nan":NaN}`],
    () => ['unknown escape', `${text.slice(0, -1)},"escape":"\\q"}`],
    () => ['unquoted key', text.replace('"event"', 'event')],
    () => ['object closed by a bracket', `${text.slice(0, -1)}]`],
  ];
  return pick(random, defects)();
}

/** Valid JSON that is not a NetBox webhook: each defect alone makes the ingester refuse it. */
function breakShape(random: Random, valid: JsonObject): [string, unknown] {
  const data = valid.data as JsonObject;
  const without = (key: string): JsonObject =>
    Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
  const defects: (() => [string, unknown])[] = [
    () => ['an array', [valid]],
    () => ['a number', integer(random, -1_000_000, 1_000_000)],
    () => ['a string', 'dcim.device'],
    () => ['null', null],
    () => ['an empty object', {}],
    () => ['no event', without('event')],
    () => ['unknown event', { ...valid, event: pick(random, ['exploded', 'CREATED', '', 'job_started']) }],
    () => ['numeric event', { ...valid, event: integer(random, 0, 9) }],
    () => ['no object type', { ...without('object_type'), model: null }],
    () => [
      'bad object type',
      { ...valid, object_type: pick(random, ['device', 'dcim.', '.device', 'a b.c', 7]) },
    ],
    () => ['no timestamp', without('timestamp')],
    () => [
      'bad timestamp',
      {
        ...valid,
        timestamp: pick(random, ['yesterday', '2026-13-45T99:00:00Z', 1_700_000_000, '2026-08-20T09:12:41']),
      },
    ],
    () => ['no data', without('data')],
    () => ['data not an object', { ...valid, data: pick(random, [[], 'device', 101, true]) }],
    () => [
      'bad data.id',
      { ...valid, data: { ...data, id: pick(random, [0, -1, 1.5, '101', 2 ** 60, null]) } },
    ],
    () => ['request not an object', { ...valid, request: 'req-1' }],
    () => ['snapshots not an object', { ...valid, snapshots: 5 }],
    () => ['numeric username', { ...valid, username: 42 }],
  ];
  return pick(random, defects)();
}

/** A NetBox body that was signed, changed after signing; the old signature is sent. */
function tamper(random: Random, valid: JsonObject): [string, unknown] {
  const data = valid.data as JsonObject;
  const id = typeof data.id === 'number' ? data.id : 1;
  const defects: (() => [string, unknown])[] = [
    () => ['another object id', { ...valid, data: { ...data, id: id + integer(random, 1, 1_000) } }],
    () => ['another action', { ...valid, event: valid.event === 'deleted' ? 'created' : 'deleted' }],
    () => [
      'another name',
      { ...valid, data: { ...data, name: `replayed-${integer(random, 0, 1_000_000)}` } },
    ],
    () => ['a later timestamp', { ...valid, timestamp: '2030-01-01T00:00:00.000000+00:00' }],
  ];
  return pick(random, defects)();
}

function wrongSignature(random: Random, secret: string, body: Buffer): [string, string] {
  const right = sign(secret, body);
  const defects: (() => [string, string])[] = [
    () => ['empty signature', ''],
    () => ['another secret', sign(`${secret}-not`, body)],
    () => ['SHA-256 instead of SHA-512', createHmac('sha256', secret).update(body).digest('hex')],
    () => {
      const at = integer(random, 0, right.length - 1);
      const flipped = right[at] === '0' ? '1' : '0';
      return [`hex digit ${at} changed`, right.slice(0, at) + flipped + right.slice(at + 1)];
    },
    () => ['cut short', right.slice(0, integer(random, 1, right.length - 1))],
    () => ['one digit too many', `${right}0`],
    () => ['sha512= prefix', `sha512=${right}`],
    () => ['not hex', 'z'.repeat(128)],
    () => ['base64', Buffer.from(right, 'hex').toString('base64')],
  ];
  return pick(random, defects)();
}

function sign(secret: string, body: Buffer): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) bytes[index] = Math.floor(random() * 256);
  return bytes;
}

/** An integer in [min, max]. */
function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}
