import { type ZabbixHost } from '@lib/clients';
import { HOST_IDENTITY_TAG } from '@lib/contracts';
import { type BridgeSystem } from './bridge-system';
import { type TestDevice } from './netbox-devices';

/** Names per host.get call: a 2,000-host check is a few calls, not one URL-sized filter. */
const NAMES_PER_CALL = 500;

export interface DesiredStateOptions {
  /**
   * Devices whose change may or may not have reached the bridge (their webhook got no answer): each is in
   * Zabbix at most once, and as desired when it is there.
   */
  readonly uncertain?: readonly TestDevice[];
  /** How long to wait for every event handled and no job in flight (default 5 min). */
  readonly settleMs?: number;
}

/** What the comparison found, for the figures a fault test reports. */
export interface DesiredStateReport {
  /** Hosts of the suite in Zabbix (prefix), all of them as desired. */
  readonly hosts: number;
  /** Uncertain devices that did reach Zabbix. */
  readonly uncertainArrived: number;
  /** Host jobs of the whole system by status (`completed`, `failed`, …); none `pending` or `running`. */
  readonly jobs: Readonly<Record<string, number>>;
}

/**
 * The end of every fault test: waits until the bridge is idle (every event handled, no job pending or
 * running, no host held back), then compares Zabbix with the desired state of every host. Each expected
 * device is exactly one Zabbix host, with its name, its IPv4, its identity tag and enabled; no other host
 * with the suite's prefix exists (nothing duplicated, nothing left over); no job is left unfinished.
 * Fails the test with every difference at once, so a lost change and a duplicate show together.
 */
export async function expectDesiredState(
  system: BridgeSystem,
  expected: readonly TestDevice[],
  options: DesiredStateOptions = {},
): Promise<DesiredStateReport> {
  await system.settle(options.settleMs ?? 5 * 60_000);

  const uncertain = options.uncertain ?? [];
  const hosts = await hostsNamed(system, [...expected, ...uncertain]);
  const problems: string[] = [];
  for (const device of expected) {
    const found = hosts.get(device.name) ?? [];
    if (found.length !== 1) problems.push(`${device.name}: ${found.length} hosts in Zabbix, expected 1`);
    else problems.push(...differences(device, found[0]));
  }
  let uncertainArrived = 0;
  for (const device of uncertain) {
    const found = hosts.get(device.name) ?? [];
    if (found.length > 1)
      problems.push(`${device.name}: ${found.length} hosts in Zabbix, expected at most 1`);
    if (found.length === 1) {
      uncertainArrived += 1;
      problems.push(...differences(device, found[0]));
    }
  }
  const known = new Set([...expected, ...uncertain].map((device) => device.name));
  const prefixed = await system.zabbix.findHostNamesStartingWith({
    host: system.prefix,
    name: system.prefix,
  });
  const inZabbix = prefixed.filter((host) => host.host.startsWith(system.prefix));
  for (const host of inZabbix) {
    if (!known.has(host.host)) problems.push(`${host.host}: in Zabbix (${host.hostid}) but not desired`);
  }

  const rows = await system.database.query<{ status: string; count: string }[]>(
    `SELECT "status", count(*) AS "count" FROM "job" WHERE "host_key" IS NOT NULL GROUP BY "status"`,
  );
  const jobs = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  for (const status of ['pending', 'running']) {
    if ((jobs[status] ?? 0) > 0) problems.push(`${jobs[status]} host job(s) left ${status}`);
  }

  expect(problems).toEqual([]);
  return { hosts: inZabbix.length, uncertainArrived, jobs };
}

async function hostsNamed(
  system: BridgeSystem,
  devices: readonly TestDevice[],
): Promise<Map<string, ZabbixHost[]>> {
  const byName = new Map<string, ZabbixHost[]>();
  const names = devices.map((device) => device.name);
  for (let start = 0; start < names.length; start += NAMES_PER_CALL) {
    const found = await system.zabbix.getHostsByTechnicalNames(names.slice(start, start + NAMES_PER_CALL));
    for (const host of found) byName.set(host.host, [...(byName.get(host.host) ?? []), host]);
  }
  return byName;
}

function differences(device: TestDevice, host: ZabbixHost): string[] {
  const problems: string[] = [];
  const ips = host.interfaces.map((row) => row.ip);
  if (ips.length !== 1 || ips[0] !== device.ip) {
    problems.push(`${device.name}: interfaces ${JSON.stringify(ips)}, expected ["${device.ip}"]`);
  }
  const identity = host.tags.filter((tag) => tag.tag === HOST_IDENTITY_TAG).map((tag) => tag.value);
  if (identity.length !== 1 || identity[0] !== device.hostKey) {
    problems.push(`${device.name}: identity ${JSON.stringify(identity)}, expected "${device.hostKey}"`);
  }
  if (host.status !== 0) problems.push(`${device.name}: status ${host.status}, expected 0 (enabled)`);
  return problems;
}
