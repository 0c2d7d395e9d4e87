import { createHash, randomUUID } from 'node:crypto';
import { type DesiredHost, type HostDeleteJobPayload, type HostUpsertJobPayload } from '@lib/contracts';

/**
 * A desired host whose every Zabbix name (technical, visible, host groups) starts with `prefix`, linked to the
 * stock `ICMP Ping` template (its items use the agent interface) and monitored by the server.
 */
export function buildDesiredHost(prefix: string, overrides: Partial<DesiredHost> = {}): DesiredHost {
  return {
    host: `${prefix}web01`,
    name: `${prefix}Web 01`,
    status: 0,
    description: 'Managed by netbox-zabbix-bridge tests',
    groups: [`${prefix}NetBox`],
    templates: ['ICMP Ping'],
    interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.10', dns: '', port: 10050 }],
    tags: [{ tag: 'netbox', value: 'device' }],
    inventoryMode: 0,
    inventory: { serialno_a: 'SN-0001' },
    monitoredBy: 'server',
    tlsConnect: 1,
    tlsAccept: 1,
    ...overrides,
  };
}

/**
 * A device host key derived from the technical name: jobs for one test host share their identity (so an
 * update finds the host a create made), and hosts of different tests, or of earlier runs, never do.
 */
export function hostKeyFor(technicalName: string): string {
  const digest = createHash('sha256').update(technicalName).digest();
  return `dcim.device:${digest.readUInt32BE(0) % 1_000_000_000}`;
}

export function buildUpsertJob(
  desired: DesiredHost,
  overrides: Partial<HostUpsertJobPayload> = {},
): HostUpsertJobPayload {
  return {
    jobId: randomUUID(),
    kind: 'CreateZabbixHost',
    hostKey: hostKeyFor(desired.host),
    revision: 1,
    desired,
    ...overrides,
  };
}

export function buildDeleteJob(
  host: string,
  prefix: string,
  overrides: Partial<HostDeleteJobPayload> = {},
): HostDeleteJobPayload {
  return {
    jobId: randomUUID(),
    hostKey: hostKeyFor(host),
    revision: 2,
    host,
    mode: 'soft',
    graveyard: { group: `${prefix}graveyard`, suffix: '_archived' },
    ...overrides,
  };
}
