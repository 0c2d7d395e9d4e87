import {
  broughtByWebhook,
  changeLogStep,
  FOLLOWED_OBJECT_TYPES,
  isPollDue,
  triggersForChange,
  type ChangeLogEnds,
  type ChangeLogStep,
  type LoggedChange,
  type WebhookSeen,
} from './change-log-cursor';

const point = (id: number): { id: number; time: string } => ({
  id,
  time: new Date(Date.UTC(2026, 11, 1, 12, 0, id)).toISOString(),
});

function change(overrides: Partial<LoggedChange> = {}): LoggedChange {
  return {
    ...point(10),
    requestId: 'request-1',
    userName: 'admin',
    action: 'update',
    changedObjectType: 'dcim.device',
    changedObjectId: 101,
    prechangeData: { name: 'old' },
    postchangeData: { name: 'new' },
    ...overrides,
  };
}

describe('changeLogStep', () => {
  const cases: [string, ChangeLogEnds, ChangeLogStep['kind'], Partial<ChangeLogStep>][] = [
    [
      'a fresh installation starts at the newest change',
      { cursorId: null, oldest: point(1), newest: point(50), newestSettled: point(48) },
      'start',
      { to: point(50) },
    ],
    [
      'a fresh installation with an empty change log starts before everything',
      { cursorId: null, oldest: null, newest: null, newestSettled: null },
      'start',
      { to: null },
    ],
    [
      'nothing after the cursor',
      { cursorId: 50, oldest: point(1), newest: point(50), newestSettled: point(50) },
      'idle',
      {},
    ],
    [
      'changes after the cursor are still within the settle window',
      { cursorId: 50, oldest: point(1), newest: point(52), newestSettled: point(50) },
      'idle',
      {},
    ],
    [
      'an empty change log (all pruned, nothing new)',
      { cursorId: 50, oldest: null, newest: null, newestSettled: null },
      'idle',
      {},
    ],
    [
      'changes after the cursor are read up to the newest settled one',
      { cursorId: 50, oldest: point(1), newest: point(60), newestSettled: point(58) },
      'read',
      { afterId: 50, to: point(58) },
    ],
    [
      'the oldest change kept is the one right after the cursor: nothing lost',
      { cursorId: 50, oldest: point(51), newest: point(60), newestSettled: point(60) },
      'read',
      { afterId: 50, to: point(60) },
    ],
    [
      'the changes after the cursor fell out of retention',
      { cursorId: 50, oldest: point(55), newest: point(60), newestSettled: point(60) },
      'resync',
      { to: point(60) },
    ],
    [
      'the change log ends before the cursor (another or a restored NetBox)',
      { cursorId: 50, oldest: point(1), newest: point(20), newestSettled: point(20) },
      'resync',
      { to: point(20) },
    ],
  ];

  it.each(cases)('should %s', (_name, ends, kind, expected) => {
    const step = changeLogStep(ends);
    expect(step.kind).toBe(kind);
    expect(step).toMatchObject(expected);
  });

  it('should say why a resync runs when the changes fell out of retention', () => {
    const step = changeLogStep({
      cursorId: 50,
      oldest: point(55),
      newest: point(60),
      newestSettled: point(60),
    });
    expect(step).toEqual({
      kind: 'resync',
      reason:
        "the changes after the cursor #50 are gone from NetBox's change log (the oldest kept is #55): they fell out of its retention",
      to: point(60),
    });
  });
});

describe('isPollDue', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const cases: [string, Date | null, number, boolean][] = [
    ['never polled', null, 60, true],
    ['polled an interval ago', new Date('2026-12-02T11:59:00Z'), 60, true],
    ['polled less than an interval ago', new Date('2026-12-02T11:59:30Z'), 60, false],
    ['turned off', null, 0, false],
    ['a short interval', new Date('2026-12-02T11:59:58Z'), 2, true],
  ];
  it.each(cases)('should decide when %s', (_name, lastPollAt, interval, due) => {
    expect(isPollDue(lastPollAt, interval, now)).toBe(due);
  });
});

describe('broughtByWebhook', () => {
  const logged = change({ time: '2026-12-02T12:00:00.000Z', requestId: 'request-1' });
  const cases: [string, WebhookSeen | undefined, boolean][] = [
    ['no webhook ever came for the object', undefined, false],
    [
      'the webhook came from the same request',
      { eventAt: new Date('2026-12-02T11:00:00Z'), requestId: 'request-1' },
      true,
    ],
    [
      'a webhook fired after the change',
      { eventAt: new Date('2026-12-02T12:00:01Z'), requestId: 'other' },
      true,
    ],
    ['a webhook fired at the change', { eventAt: new Date('2026-12-02T12:00:00Z'), requestId: null }, true],
    [
      'the newest webhook is older than the change',
      { eventAt: new Date('2026-12-02T11:59:59Z'), requestId: 'other' },
      false,
    ],
  ];
  it.each(cases)('should decide when %s', (_name, seen, brought) => {
    expect(broughtByWebhook(logged, seen)).toBe(brought);
  });

  it('should not match a missing request id with a missing one', () => {
    const seen = { eventAt: new Date('2026-12-02T11:00:00Z'), requestId: null };
    expect(broughtByWebhook({ ...logged, requestId: null }, seen)).toBe(false);
  });
});

describe('triggersForChange', () => {
  const cases: [string, LoggedChange, ReturnType<typeof triggersForChange>][] = [
    [
      'a device update re-plans the device',
      change(),
      [{ kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false }],
    ],
    [
      'a VM delete removes the VM',
      change({
        action: 'delete',
        changedObjectType: 'virtualization.virtualmachine',
        changedObjectId: 201,
        postchangeData: null,
      }),
      [{ kind: 'host', objectType: 'virtualization.virtualmachine', objectId: 201, removed: true }],
    ],
    [
      "an interface change re-plans its device (a snapshot's device is an id)",
      change({
        changedObjectType: 'dcim.interface',
        changedObjectId: 5001,
        prechangeData: { device: 101 },
        postchangeData: { device: 102 },
      }),
      [
        { kind: 'host', objectType: 'dcim.device', objectId: 102, removed: false },
        { kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false },
      ],
    ],
    [
      'a deleted VM interface re-plans its VM',
      change({
        action: 'delete',
        changedObjectType: 'virtualization.vminterface',
        changedObjectId: 7001,
        prechangeData: { virtual_machine: 201 },
        postchangeData: null,
      }),
      [{ kind: 'host', objectType: 'virtualization.virtualmachine', objectId: 201, removed: false }],
    ],
    [
      'an IP address re-plans the hosts it is the primary IP of',
      change({ changedObjectType: 'ipam.ipaddress', changedObjectId: 1201 }),
      [{ kind: 'referencing', column: 'primaryIpId', id: 1201 }],
    ],
    [
      'a site re-plans the hosts in it',
      change({ changedObjectType: 'dcim.site', changedObjectId: 3 }),
      [{ kind: 'referencing', column: 'siteId', id: 3 }],
    ],
    [
      'a custom field re-plans everything',
      change({ changedObjectType: 'extras.customfield', changedObjectId: 2, action: 'create' }),
      [{ kind: 'everything', reason: 'custom field #2 created' }],
    ],
    ['a rack changes no host', change({ changedObjectType: 'dcim.rack', changedObjectId: 9 }), []],
  ];
  it.each(cases)('should map: %s', (_name, logged, triggers) => {
    expect(triggersForChange(logged)).toEqual(triggers);
  });

  it.each(FOLLOWED_OBJECT_TYPES.map((type) => [type]))(
    'should follow %s because it can change a host',
    (type) => {
      const logged = change({
        changedObjectType: type,
        changedObjectId: 7,
        prechangeData: { device: 101 },
        postchangeData: { virtual_machine: 201 },
      });
      expect(triggersForChange(logged).length).toBeGreaterThan(0);
    },
  );
});
