import { type DesiredInterface, type DesiredSnmpDetails } from '@lib/contracts';
import {
  ZabbixInterfaceType,
  type ZabbixHostInterface,
  type ZabbixInterfaceInput,
  type ZabbixInterfaceTypeCode,
  type ZabbixSnmpDetails,
} from '@lib/clients';

/** SNMP settings for an SNMP interface that comes without any (the plugin's defaults). */
export const DEFAULT_SNMP_DETAILS: ZabbixSnmpDetails = {
  version: 2,
  bulk: 1,
  community: '{$SNMP_COMMUNITY}',
  maxRepetitions: 10,
};

export function interfaceTypeOf(kind: DesiredInterface['kind']): ZabbixInterfaceTypeCode {
  switch (kind) {
    case 'agent':
      return ZabbixInterfaceType.agent;
    case 'snmp':
      return ZabbixInterfaceType.snmp;
  }
}

function snmpDetailsOf(snmp: DesiredSnmpDetails | undefined): ZabbixSnmpDetails {
  if (!snmp) return DEFAULT_SNMP_DETAILS;
  return {
    version: snmp.version,
    bulk: snmp.bulk,
    maxRepetitions: snmp.maxRepetitions,
    ...(snmp.community !== undefined ? { community: snmp.community } : {}),
    ...(snmp.contextName !== undefined ? { contextName: snmp.contextName } : {}),
    ...(snmp.securityName !== undefined ? { securityName: snmp.securityName } : {}),
    ...(snmp.securityLevel !== undefined ? { securityLevel: snmp.securityLevel } : {}),
    ...(snmp.authProtocol !== undefined ? { authProtocol: snmp.authProtocol } : {}),
    ...(snmp.authPassphrase !== undefined ? { authPassphrase: snmp.authPassphrase } : {}),
    ...(snmp.privProtocol !== undefined ? { privProtocol: snmp.privProtocol } : {}),
    ...(snmp.privPassphrase !== undefined ? { privPassphrase: snmp.privPassphrase } : {}),
  };
}

/** A desired interface as Zabbix takes it, without an id (host.create, or a new interface on update). */
export function toInterfaceInput(desired: DesiredInterface): ZabbixInterfaceInput {
  const type = interfaceTypeOf(desired.kind);
  return {
    type,
    main: desired.main,
    useIp: desired.useIp,
    ip: desired.ip,
    dns: desired.dns,
    port: String(desired.port),
    ...(type === ZabbixInterfaceType.snmp ? { snmp: snmpDetailsOf(desired.snmp) } : {}),
  };
}

function sameAddress(input: ZabbixInterfaceInput, existing: ZabbixHostInterface): boolean {
  return (
    input.useIp === existing.useIp &&
    input.ip === existing.ip &&
    input.dns === existing.dns &&
    input.port === existing.port
  );
}

/**
 * The interface list for host.update. The list replaces the host's interfaces, and an interface that items
 * use cannot be replaced by a new one, so every desired interface keeps the `interfaceid` of an existing
 * interface of the same type: the main one for the main one; among the others, first one with the same
 * address, then the remaining ones in order. Existing interfaces left unmatched are dropped by Zabbix.
 */
export function planInterfaces(
  desired: readonly DesiredInterface[],
  existing: readonly ZabbixHostInterface[],
): ZabbixInterfaceInput[] {
  const inputs = desired.map(toInterfaceInput);
  const ids: (string | undefined)[] = inputs.map(() => undefined);
  const claimed = new Set<string>();
  const claim = (index: number, candidate: ZabbixHostInterface | undefined): void => {
    if (!candidate) return;
    ids[index] = candidate.interfaceid;
    claimed.add(candidate.interfaceid);
  };
  const free = (input: ZabbixInterfaceInput, main: boolean): ZabbixHostInterface[] =>
    existing.filter(
      (candidate) =>
        candidate.type === input.type && candidate.main === main && !claimed.has(candidate.interfaceid),
    );

  inputs.forEach((input, index) => {
    if (input.main) claim(index, free(input, true)[0]);
  });
  inputs.forEach((input, index) => {
    if (!input.main)
      claim(
        index,
        free(input, false).find((candidate) => sameAddress(input, candidate)),
      );
  });
  inputs.forEach((input, index) => {
    if (!input.main && ids[index] === undefined) claim(index, free(input, false)[0]);
  });

  return inputs.map((input, index) => {
    const interfaceid = ids[index];
    return interfaceid === undefined ? input : { interfaceid, ...input };
  });
}
