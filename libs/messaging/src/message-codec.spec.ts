import { InvalidMessageError, Messages, type NetboxEventPayload } from '@lib/contracts';
import { decodeEnvelope, serializeEnvelope, validatePayload } from './message-codec';

const device = { id: 7, name: 'rtr01', site: { id: 1, name: 'Oslo', tags: [{ name: 'core' }] } };

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    objectType: 'dcim.device',
    objectId: 7,
    action: 'updated',
    timestamp: '2026-12-02T10:00:00.000000+00:00',
    requestId: 'req-1',
    username: 'admin',
    data: device,
    prechange: null,
    postchange: { name: 'rtr01' },
    ...overrides,
  };
}

function envelopeBytes(payload: unknown, overrides: Record<string, unknown> = {}): Uint8Array {
  const envelope = {
    messageId: 'm-1',
    occurredAt: '2026-12-02T10:00:00.000Z',
    correlationId: 'req-1',
    schemaVersion: 1,
    payload,
    ...overrides,
  };
  return new TextEncoder().encode(JSON.stringify(envelope));
}

describe(validatePayload.name, () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['a NetBox event', {}, undefined],
    ['null snapshots and data (a delete of a pre-4.x object)', { data: null, prechange: null }, undefined],
    ['data that is a string', { data: 'rtr01' }, 'data'],
    ['data that is an array', { data: [device] }, 'data'],
    ['data missing', { data: undefined }, 'data'],
    ['postchange that is a number', { postchange: 3 }, 'postchange'],
    ['an object id of 0', { objectId: 0 }, 'objectId'],
  ])('%s', (_case, overrides, problem) => {
    const validate = (): unknown => validatePayload(Messages.netboxEvent, event(overrides));
    if (problem === undefined) expect(validate).not.toThrow();
    else expect(validate).toThrow(new RegExp(`^netbox-event\\.v1: ${problem}: `));
  });

  it('should take the NetBox object by reference, not walk or copy it', () => {
    const plain = event();
    const payload = validatePayload(Messages.netboxEvent, plain);
    expect(payload.data).toBe(plain.data);
    expect(payload.postchange).toBe(plain.postchange);
  });

  it('should drop top-level fields the message does not define, leaving the plain object as it was', () => {
    const plain = event({ extra: 'x' });
    const payload: NetboxEventPayload & { extra?: unknown } = validatePayload(Messages.netboxEvent, plain);
    expect(payload.extra).toBeUndefined();
    expect(plain.extra).toBe('x');
  });
});

describe(decodeEnvelope.name, () => {
  it('should decode an envelope and validate its payload as the subject’s message', () => {
    const decoded = decodeEnvelope(Messages.netboxEvent, envelopeBytes(event()));
    expect(decoded).toMatchObject({ messageId: 'm-1', correlationId: 'req-1', schemaVersion: 1 });
    expect(decoded.payload.data).toEqual(device);
  });

  it('should round-trip what serializeEnvelope wrote', () => {
    const payload = validatePayload(Messages.netboxEvent, event());
    const bytes = serializeEnvelope(payload, {
      messageId: 'm-2',
      correlationId: 'c-2',
      occurredAt: new Date('2026-12-02T10:00:00Z'),
    });
    expect(decodeEnvelope(Messages.netboxEvent, bytes).payload).toEqual(payload);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['a body that is not JSON', new TextEncoder().encode('{'), /body is not JSON/],
    ['a body that is a JSON array', new TextEncoder().encode('[]'), /body is not a JSON object/],
    ['an envelope without a payload', envelopeBytes(undefined), /envelope payload: /],
    ['an envelope whose payload is an array', envelopeBytes([event()]), /envelope payload: /],
    ['an envelope without a message id', envelopeBytes(event(), { messageId: '' }), /envelope messageId: /],
    ['another schema version', envelopeBytes(event(), { schemaVersion: 2 }), /unsupported schema version 2/],
    ['a payload of another message', envelopeBytes({ jobId: 'j' }), /^netbox-event\.v1: objectType: /],
  ])('should refuse %s as an InvalidMessageError', (_case, bytes, message) => {
    const decode = (): unknown => decodeEnvelope(Messages.netboxEvent, bytes);
    expect(decode).toThrow(InvalidMessageError);
    expect(decode).toThrow(message);
  });
});
