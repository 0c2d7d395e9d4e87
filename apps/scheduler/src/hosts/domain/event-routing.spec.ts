import { type NetboxEventPayload } from '@lib/contracts';
import { loadNetboxFixture } from '@lib/testing';
import { triggersFor, type Trigger } from './event-routing';

function event(
  objectType: string,
  objectId: number,
  action: NetboxEventPayload['action'],
  states: Partial<NetboxEventPayload> = {},
): NetboxEventPayload {
  return {
    objectType,
    objectId,
    action,
    timestamp: '2026-08-20T09:14:03.512377Z',
    requestId: 'r',
    username: 'u',
    data: null,
    prechange: null,
    postchange: null,
    ...states,
  };
}

type Webhook = {
  data: Record<string, unknown>;
  snapshots: { prechange: Record<string, unknown> | null; postchange: Record<string, unknown> | null };
};

describe(triggersFor.name, () => {
  it.each<[string, NetboxEventPayload, Trigger[]]>([
    [
      'a device update',
      event('dcim.device', 101, 'updated'),
      [{ kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false }],
    ],
    [
      'a device delete',
      event('dcim.device', 103, 'deleted'),
      [{ kind: 'host', objectType: 'dcim.device', objectId: 103, removed: true }],
    ],
    [
      'a VM create',
      event('virtualization.virtualmachine', 203, 'created'),
      [{ kind: 'host', objectType: 'virtualization.virtualmachine', objectId: 203, removed: false }],
    ],
    ['a site rename', event('dcim.site', 3, 'updated'), [{ kind: 'referencing', column: 'siteId', id: 3 }]],
    [
      'a role rename',
      event('dcim.devicerole', 4, 'updated'),
      [{ kind: 'referencing', column: 'roleId', id: 4 }],
    ],
    [
      'a platform delete',
      event('dcim.platform', 5, 'deleted'),
      [{ kind: 'referencing', column: 'platformId', id: 5 }],
    ],
    [
      'a cluster rename',
      event('virtualization.cluster', 2, 'updated'),
      [{ kind: 'referencing', column: 'clusterId', id: 2 }],
    ],
    ['a tag rename', event('extras.tag', 2, 'updated'), [{ kind: 'referencing', column: 'tagIds', id: 2 }]],
    [
      'a custom field change',
      event('extras.customfield', 7, 'updated'),
      [{ kind: 'everything', reason: 'custom field #7 updated' }],
    ],
    ['an object the bridge does not follow', event('dcim.rack', 12, 'updated'), []],
    [
      'a VM interface',
      event('virtualization.vminterface', 7001, 'updated', {
        data: { id: 7001, virtual_machine: { id: 201 } },
      }),
      [{ kind: 'host', objectType: 'virtualization.virtualmachine', objectId: 201, removed: false }],
    ],
    [
      'an IP moved from one device interface to another',
      event('ipam.ipaddress', 1300, 'updated', {
        data: {
          id: 1300,
          assigned_object_type: 'dcim.interface',
          assigned_object: { id: 1, device: { id: 102 } },
        },
        prechange: { assigned_object_type: 12, assigned_object: { id: 9, device: 101 } },
      }),
      [
        { kind: 'referencing', column: 'primaryIpId', id: 1300 },
        { kind: 'host', objectType: 'dcim.device', objectId: 102, removed: false },
        { kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false },
      ],
    ],
  ])('should route %s', (_case, input, expected) => {
    expect(triggersFor(input)).toEqual(expected);
  });

  it('should route the primary IP fixture to its device and to hosts using that IP', () => {
    const fixture = loadNetboxFixture<Webhook>('webhook-ipaddress-updated-primary.json');
    const triggers = triggersFor(
      event('ipam.ipaddress', 1201, 'updated', { data: fixture.data, ...fixture.snapshots }),
    );
    expect(triggers).toEqual([
      { kind: 'referencing', column: 'primaryIpId', id: 1201 },
      { kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false },
    ]);
  });

  it('should route the interface fixture to its device', () => {
    const fixture = loadNetboxFixture<Webhook>('webhook-interface-created.json');
    expect(
      triggersFor(event('dcim.interface', 5001, 'created', { data: fixture.data, ...fixture.snapshots })),
    ).toEqual([{ kind: 'host', objectType: 'dcim.device', objectId: 101, removed: false }]);
  });
});
