import { correlationIdFor, deriveEventMessageId, type EventIdentityFields } from './event-identity';

const EVENT: EventIdentityFields = {
  objectType: 'dcim.device',
  objectId: 101,
  action: 'created',
  requestId: '6f1c2b3a-9d4e-4f7a-8b21-0c5e7d9a1f02',
  timestamp: '2026-08-20T09:12:41.702118+00:00',
};

describe(deriveEventMessageId.name, () => {
  it('should derive the same id when the same event arrives again', () => {
    expect(deriveEventMessageId({ ...EVENT })).toBe(deriveEventMessageId(EVENT));
  });

  it('should start with the object type, id and action when it derives an id', () => {
    expect(deriveEventMessageId(EVENT)).toMatch(/^dcim\.device:101:created:[0-9a-f]{32}$/);
  });

  it.each<[string, Partial<EventIdentityFields>]>([
    ['the action', { action: 'updated' }],
    ['the object id', { objectId: 102 }],
    ['the object type', { objectType: 'virtualization.virtualmachine' }],
    ['the request id', { requestId: 'b8e2d4c1-3a57-4c2e-9f10-7e6d5c4b3a21' }],
    ['a missing request id', { requestId: null }],
  ])('should derive a different id when %s differs', (_field, change) => {
    expect(deriveEventMessageId({ ...EVENT, ...change })).not.toBe(deriveEventMessageId(EVENT));
  });

  it('should ignore the timestamp when a request id names the event', () => {
    const later = { ...EVENT, timestamp: '2026-08-20T09:12:42.000000+00:00' };

    expect(deriveEventMessageId(later)).toBe(deriveEventMessageId(EVENT));
  });

  it('should tell events apart by timestamp when there is no request id', () => {
    const first = { ...EVENT, requestId: null };
    const second = { ...first, timestamp: '2026-08-20T09:12:42.000000+00:00' };

    expect(deriveEventMessageId(second)).not.toBe(deriveEventMessageId(first));
    expect(deriveEventMessageId({ ...first })).toBe(deriveEventMessageId(first));
  });

  it('should not confuse a request id with a timestamp when both look the same', () => {
    const byRequest = { ...EVENT, requestId: EVENT.timestamp };
    const byTimestamp = { ...EVENT, requestId: null };

    expect(deriveEventMessageId(byRequest)).not.toBe(deriveEventMessageId(byTimestamp));
  });
});

describe(correlationIdFor.name, () => {
  it('should be the request id when NetBox sent one', () => {
    expect(correlationIdFor(EVENT, 'message-id')).toBe(EVENT.requestId);
  });

  it('should be the message id when NetBox sent no request id', () => {
    expect(correlationIdFor({ requestId: null }, 'message-id')).toBe('message-id');
  });
});
