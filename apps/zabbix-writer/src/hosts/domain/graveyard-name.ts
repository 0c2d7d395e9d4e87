import { PermanentError } from '@lib/contracts';
import { type ZabbixHost, type ZabbixHostName } from '@lib/clients';

/** Zabbix limits technical and visible host names to 128 characters. */
export const MAX_HOST_NAME_LENGTH = 128;
/** Room kept for the longest counter (`-99999`) when looking for names already taken. */
const COUNTER_RESERVE = 6;
export const MAX_ARCHIVE_COUNTER = 99_999;

export interface ArchivedNames {
  readonly host: string;
  readonly name: string;
}

export interface GraveyardSettings {
  readonly group: string;
  readonly suffix: string;
}

/**
 * The n-th candidate graveyard name: `<name><suffix>` first, then `<name><suffix>-2`, `-3`, … The original
 * name is shortened when needed so that the result fits Zabbix's 128 characters.
 */
export function archivedName(original: string, suffix: string, counter: number): string {
  const tail = counter <= 1 ? suffix : `${suffix}-${counter}`;
  const room = Math.max(0, MAX_HOST_NAME_LENGTH - tail.length);
  return `${original.slice(0, room)}${tail}`;
}

/** A prefix every candidate graveyard name of `original` starts with: what to search Zabbix for. */
export function archiveSearchPrefix(original: string, suffix: string): string {
  return original.slice(0, Math.max(0, MAX_HOST_NAME_LENGTH - suffix.length - COUNTER_RESERVE));
}

/** Whether `current` is one of the graveyard names of `original` (so archiving again must not add a suffix). */
export function isArchivedName(current: string, original: string, suffix: string): boolean {
  if (current === archivedName(original, suffix, 1)) return true;
  const counter = /-(\d+)$/.exec(current)?.[1];
  if (counter === undefined) return false;
  const value = Number(counter);
  return value >= 2 && value <= MAX_ARCHIVE_COUNTER && current === archivedName(original, suffix, value);
}

/**
 * The first graveyard name pair (technical and visible) that no other host uses: both must be unique in
 * Zabbix. `taken` holds the hosts whose names start like the candidates; the host itself does not count.
 */
export function pickArchivedNames(
  host: Pick<ZabbixHost, 'hostid' | 'host' | 'name'>,
  suffix: string,
  taken: readonly ZabbixHostName[],
): ArchivedNames {
  const others = taken.filter((candidate) => candidate.hostid !== host.hostid);
  const takenHosts = new Set(others.map((candidate) => candidate.host));
  const takenNames = new Set(others.map((candidate) => candidate.name));
  for (let counter = 1; counter <= MAX_ARCHIVE_COUNTER; counter += 1) {
    const names = {
      host: archivedName(host.host, suffix, counter),
      name: archivedName(host.name, suffix, counter),
    };
    if (!takenHosts.has(names.host) && !takenNames.has(names.name)) return names;
  }
  throw new PermanentError(`no free graveyard name for host "${host.host}"`);
}

/**
 * Whether a host already is in the state a soft delete produces: disabled, in the graveyard group only, and
 * named with the graveyard suffix of its original technical name. A redelivered job then does nothing.
 */
export function isArchived(host: ZabbixHost, originalHost: string, graveyard: GraveyardSettings): boolean {
  return (
    host.status === 1 &&
    host.groups.length === 1 &&
    host.groups[0]?.name === graveyard.group &&
    isArchivedName(host.host, originalHost, graveyard.suffix)
  );
}
