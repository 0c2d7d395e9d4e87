import { InterfaceType, type InterfaceTypeValue } from '@lib/models';
import { type NetboxHostSource } from './netbox-host-source';

/** A device or VM mapping as the domain sees it: filters by NetBox id, Zabbix objects by name. */
export interface MappingRule {
  readonly id: number;
  readonly name: string;
  readonly isDefault: boolean;
  readonly interfaceType: InterfaceTypeValue;
  readonly sites: readonly number[];
  readonly roles: readonly number[];
  readonly platforms: readonly number[];
  readonly hostGroups: readonly string[];
  readonly templates: readonly string[];
  readonly proxy: string | null;
  readonly proxyGroup: string | null;
}

function filterMatches(filter: readonly number[], value: { id: number } | null): boolean {
  return filter.length === 0 || (value !== null && filter.includes(value.id));
}

function interfaceMatches(rule: MappingRule, wanted: InterfaceTypeValue): boolean {
  return (
    rule.interfaceType === InterfaceType.Any || wanted === InterfaceType.Any || rule.interfaceType === wanted
  );
}

/** How many filters a mapping sets: the more, the more specific. */
export function specificity(rule: MappingRule): number {
  const filters = [rule.sites, rule.roles, rule.platforms].filter((filter) => filter.length > 0).length;
  return filters * 2 + (rule.interfaceType === InterfaceType.Any ? 0 : 1);
}

/**
 * The most specific non-default mapping whose filters all match (an empty filter matches everything), else
 * the default mapping, else none. Ties go to the older mapping (lower id), so the choice is stable.
 */
export function resolveMapping(
  rules: readonly MappingRule[],
  source: NetboxHostSource,
  interfaceType: InterfaceTypeValue = InterfaceType.Any,
): MappingRule | null {
  const candidates = rules
    .filter((rule) => !rule.isDefault)
    .filter(
      (rule) =>
        interfaceMatches(rule, interfaceType) &&
        filterMatches(rule.sites, source.site) &&
        filterMatches(rule.roles, source.role) &&
        filterMatches(rule.platforms, source.platform),
    )
    .sort((left, right) => specificity(right) - specificity(left) || left.id - right.id);
  return candidates[0] ?? rules.find((rule) => rule.isDefault) ?? null;
}
