import { Messages, type NetboxEventPayload } from '@lib/contracts';
import { validatePayload } from '@lib/messaging';
import { loadNetboxFixture } from '@lib/testing';
import { InvalidWebhookError } from './invalid-webhook.error';
import { normalizeNetboxTimestamp, normalizeNetboxWebhook } from './normalize-netbox-webhook';

/** The default webhook body of NetBox 4.6, as the fixtures hold it. */
interface Netbox46Body {
  event: string;
  timestamp: string;
  object_type: string;
  username: string;
  request_id: string;
  data: Record<string, unknown> & { id: number };
  request: { id: string; method: string; path: string; user: string };
  snapshots: { prechange: Record<string, unknown> | null; postchange: Record<string, unknown> | null };
}

type WebhookBody = Record<string, unknown>;

const FIXTURES = [
  'webhook-device-created.json',
  'webhook-device-updated.json',
  'webhook-device-deleted.json',
  'webhook-ipaddress-updated-primary.json',
  'webhook-virtualmachine-created.json',
  'webhook-interface-created.json',
];

function without(body: object, ...keys: string[]): WebhookBody {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}

function bareModel(objectType: string): string {
  return objectType.slice(objectType.indexOf('.') + 1);
}

/** How each NetBox version's default body differs from 4.6's (test/fixtures/netbox/README.md). */
const VERSIONS: readonly [version: string, build: (body: Netbox46Body) => WebhookBody][] = [
  [
    '3.x',
    (body) => ({
      event: body.event,
      timestamp: body.timestamp.replace('T', ' '),
      model: bareModel(body.object_type),
      username: body.username,
      request_id: body.request_id,
      data: body.data,
      snapshots: body.snapshots,
    }),
  ],
  [
    '4.0–4.3',
    (body) => ({
      event: body.event,
      timestamp: body.timestamp,
      model: bareModel(body.object_type),
      username: body.username,
      request_id: body.request_id,
      data: body.data,
      snapshots: body.snapshots,
    }),
  ],
  [
    '4.4',
    (body) => ({
      event: body.event,
      timestamp: body.timestamp,
      object_type: body.object_type,
      model: bareModel(body.object_type),
      username: body.username,
      request_id: body.request_id,
      data: body.data,
      snapshots: body.snapshots,
    }),
  ],
  [
    '4.5',
    (body) => ({
      event: body.event,
      timestamp: body.timestamp,
      object_type: body.object_type,
      username: body.username,
      data: body.data,
      snapshots: body.snapshots,
    }),
  ],
  ['4.6', (body) => ({ ...body })],
  [
    '4.7',
    (body) => ({
      event: body.event,
      timestamp: body.timestamp,
      object_type: body.object_type,
      data: body.data,
      request: {
        id: body.request.id,
        path: body.request.path,
        path_info: body.request.path,
        method: body.request.method,
        GET: {},
        user: body.request.user,
      },
      snapshots: body.snapshots,
    }),
  ],
];

const CASES = FIXTURES.flatMap((fixture) =>
  VERSIONS.map(([version, build]) => ({ fixture, version, build })),
);

function deviceCreated(): Netbox46Body {
  return loadNetboxFixture<Netbox46Body>('webhook-device-created.json');
}

describe(normalizeNetboxWebhook.name, () => {
  it.each(CASES)('should normalise $fixture when NetBox $version sends it', ({ fixture, version, build }) => {
    const original = loadNetboxFixture<Netbox46Body>(fixture);

    const event = normalizeNetboxWebhook(build(original));

    const expected: NetboxEventPayload = {
      objectType: original.object_type,
      objectId: original.data.id,
      action: original.event as NetboxEventPayload['action'],
      timestamp: original.timestamp,
      requestId: version === '4.5' ? null : original.request_id,
      username: original.username,
      data: original.data,
      prechange: original.snapshots.prechange,
      postchange: original.snapshots.postchange,
    };
    expect(event).toEqual(expected);
  });

  it.each(CASES)(
    'should produce a valid contract payload from $fixture of NetBox $version',
    ({ fixture, build }) => {
      const event = normalizeNetboxWebhook(build(loadNetboxFixture<Netbox46Body>(fixture)));

      expect(() => validatePayload(Messages.netboxEvent, event)).not.toThrow();
    },
  );

  it('should keep 3.x snapshot fields such as last_updated when NetBox 3.x sends them', () => {
    const body = deviceCreated();
    const postchange = { ...body.snapshots.postchange, last_updated: '2026-08-20T09:12:41.230Z' };

    const event = normalizeNetboxWebhook({ ...body, snapshots: { prechange: null, postchange } });

    expect(event.postchange).toEqual(postchange);
  });

  it('should prefer object_type over model when NetBox 4.4 sends both', () => {
    const event = normalizeNetboxWebhook({
      ...deviceCreated(),
      object_type: 'dcim.device',
      model: 'interface',
    });

    expect(event.objectType).toBe('dcim.device');
  });

  it('should read the user from request.user when username is absent (4.7)', () => {
    const body = without(deviceCreated(), 'username');

    const event = normalizeNetboxWebhook({ ...body, request: { id: null, user: 'jdoe' } });

    expect(event).toMatchObject({ username: 'jdoe', requestId: body.request_id });
  });

  it('should have no request id or user when NetBox sends the event without a request', () => {
    const body = without(deviceCreated(), 'username', 'request_id');

    const event = normalizeNetboxWebhook({ ...body, request: null, request_id: '' });

    expect(event).toMatchObject({ requestId: null, username: null });
  });

  it('should take null snapshots when the body has none', () => {
    const body = without(deviceCreated(), 'snapshots');

    expect(normalizeNetboxWebhook(body)).toMatchObject({ prechange: null, postchange: null });
  });

  it.each<[string, (body: WebhookBody) => unknown, string]>([
    ['an array', () => [], 'body must be a JSON object'],
    ['null', () => null, 'body must be a JSON object'],
    ['a string', () => 'created', 'body must be a JSON object'],
    ['no event', (body) => without(body, 'event'), 'body.event must be one of created, updated, deleted'],
    [
      'a job event',
      (body) => ({ ...body, event: 'job_started' }),
      'body.event must be one of created, updated, deleted',
    ],
    [
      'an object_type without app label',
      (body) => ({ ...body, object_type: 'device' }),
      'body.object_type must be "<app_label>.<model>", such as dcim.device',
    ],
    [
      'an unknown bare model',
      (body) => ({ ...without(body, 'object_type'), model: 'gizmo' }),
      'body.model "gizmo" is not a known NetBox model',
    ],
    [
      'a model that is not a string',
      (body) => ({ ...without(body, 'object_type'), model: 7 }),
      'body.model must be a NetBox model name, such as device',
    ],
    [
      'neither object_type nor model',
      (body) => without(body, 'object_type'),
      'body.object_type (NetBox 4.4+) or body.model (NetBox 3.x–4.4) is required',
    ],
    ['no timestamp', (body) => without(body, 'timestamp'), 'body.timestamp must be an ISO 8601'],
    [
      'a timestamp without offset',
      (body) => ({ ...body, timestamp: '2026-08-20T09:12:41' }),
      'body.timestamp',
    ],
    ['an impossible date', (body) => ({ ...body, timestamp: '2026-13-40T09:12:41Z' }), 'body.timestamp'],
    ['no data', (body) => without(body, 'data'), 'body.data is required'],
    ['data that is a list', (body) => ({ ...body, data: [] }), 'body.data must be an object or null'],
    ['a string id', (body) => ({ ...body, data: { id: '101' } }), 'body.data.id must be a positive integer'],
    ['a zero id', (body) => ({ ...body, data: { id: 0 } }), 'body.data.id must be a positive integer'],
    [
      'a fractional id',
      (body) => ({ ...body, data: { id: 1.5 } }),
      'body.data.id must be a positive integer',
    ],
    [
      'a numeric request_id',
      (body) => ({ ...body, request_id: 42 }),
      'body.request_id must be a string or null',
    ],
    [
      'a request that is a string',
      (body) => ({ ...body, request: 'x' }),
      'body.request must be an object or null',
    ],
    [
      'a numeric request.id',
      (body) => ({ ...body, request: { id: 7 } }),
      'body.request.id must be a string or null',
    ],
    ['a numeric username', (body) => ({ ...body, username: 1 }), 'body.username must be a string or null'],
    [
      'a prechange that is a list',
      (body) => ({ ...body, snapshots: { prechange: [], postchange: null } }),
      'body.snapshots.prechange must be an object or null',
    ],
  ])('should reject the body naming the problem when it has %s', (_case, mutate, message) => {
    const body = mutate(without(deviceCreated()));

    const attempt = (): unknown => normalizeNetboxWebhook(body);

    expect(attempt).toThrow(InvalidWebhookError);
    expect(attempt).toThrow(message);
  });
});

describe(normalizeNetboxTimestamp.name, () => {
  it.each([
    ['2026-08-20T09:12:41.702118+00:00', '2026-08-20T09:12:41.702118+00:00'],
    ['2026-08-20 09:12:41.702118+00:00', '2026-08-20T09:12:41.702118+00:00'],
    ['2026-08-20 09:12:41+02:00', '2026-08-20T09:12:41+02:00'],
    ['2026-08-20t09:12:41.7z', '2026-08-20T09:12:41.7Z'],
    ['2026-08-20T09:12-05:00', '2026-08-20T09:12-05:00'],
  ])('should turn %s into %s', (input, expected) => {
    expect(normalizeNetboxTimestamp(input)).toBe(expected);
  });

  it.each([
    [undefined],
    [1_755_681_161],
    ['2026-08-20'],
    ['2026-08-20T09:12:41'],
    ['20 Aug 2026 09:12 +0000'],
  ])('should reject %j', (input) => {
    expect(() => normalizeNetboxTimestamp(input)).toThrow(InvalidWebhookError);
  });
});
