import { InterfaceType } from '@lib/models';
import { resolveMapping, type MappingRule } from './mapping-resolution';
import { parseNetboxHostSource } from './netbox-host-source';

function rule(id: number, overrides: Partial<MappingRule> = {}): MappingRule {
  return {
    id,
    name: `mapping-${id}`,
    isDefault: false,
    interfaceType: InterfaceType.Any,
    sites: [],
    roles: [],
    platforms: [],
    hostGroups: [],
    templates: [],
    proxy: null,
    proxyGroup: null,
    ...overrides,
  };
}

const device = parseNetboxHostSource('dcim.device', {
  id: 101,
  name: 'ams1-core-rtr01',
  site: { id: 3, name: 'AMS1' },
  role: { id: 4, name: 'Core Router' },
  platform: { id: 5, name: 'Junos' },
});

describe(resolveMapping.name, () => {
  it.each<[string, MappingRule[], number | null]>([
    ['nothing when there are no mappings', [], null],
    ['the default when nothing else matches', [rule(1, { isDefault: true }), rule(2, { sites: [99] })], 1],
    [
      'a matching filtered mapping over the default',
      [rule(1, { isDefault: true }), rule(2, { sites: [3] })],
      2,
    ],
    ['a mapping with empty filters over the default', [rule(1, { isDefault: true }), rule(2)], 2],
    ['the more specific of two matches', [rule(2, { sites: [3] }), rule(3, { sites: [3], roles: [4] })], 3],
    [
      'site+role+platform over site+role',
      [rule(2, { sites: [3], roles: [4] }), rule(3, { sites: [3], roles: [4], platforms: [5] })],
      3,
    ],
    ['the older mapping on a tie', [rule(7, { roles: [4] }), rule(5, { sites: [3] })], 5],
    [
      'none when one filter does not match and there is no default',
      [rule(2, { sites: [3], roles: [99] })],
      null,
    ],
    ['a filter listing several ids', [rule(2, { platforms: [1, 5, 9] })], 2],
  ])('should choose %s', (_case, rules, expected) => {
    expect(resolveMapping(rules, device)?.id ?? null).toBe(expected);
  });

  it.each([
    [InterfaceType.Agent, 2],
    [InterfaceType.Snmp, 3],
  ])('should prefer the mapping for interface type %i', (interfaceType, expected) => {
    const rules = [
      rule(2, { interfaceType: InterfaceType.Agent }),
      rule(3, { interfaceType: InterfaceType.Snmp }),
    ];
    expect(resolveMapping(rules, device, interfaceType)?.id).toBe(expected);
  });

  it('should not match a device without a site against a site filter', () => {
    const siteless = parseNetboxHostSource('dcim.device', { id: 9, name: 'x' });
    expect(resolveMapping([rule(2, { sites: [3] }), rule(1, { isDefault: true })], siteless)?.id).toBe(1);
  });
});
