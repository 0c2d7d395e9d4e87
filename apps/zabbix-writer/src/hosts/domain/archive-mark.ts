import { HOST_ARCHIVED_TAG } from '@lib/contracts';
import { type ZabbixTag } from '@lib/clients';

/** Where a host was found: by the id the scheduler knows, by its identity tag, or by technical name. */
export type FoundBy = 'id' | 'identity' | 'name';

/** What an upsert of a found host reports. */
export type FoundHostOperation = 'checked' | 'adopted' | 'restored' | 'updated';

/** The tag an archived host carries: the technical name it had before it went to the graveyard. */
export function archiveMark(originalHost: string): ZabbixTag {
  return { tag: HOST_ARCHIVED_TAG, value: originalHost };
}

/** The tags of a host being archived: its own (the identity tag among them), with one archive mark. */
export function withArchiveMark(tags: readonly ZabbixTag[], originalHost: string): ZabbixTag[] {
  return [
    ...tags.filter((tag) => tag.tag !== HOST_ARCHIVED_TAG).map(({ tag, value }) => ({ tag, value })),
    archiveMark(originalHost),
  ];
}

/** The technical name an archived host had before the graveyard, when it carries the archive mark. */
export function archivedFrom(tags: readonly ZabbixTag[]): string | undefined {
  return tags.find((tag) => tag.tag === HOST_ARCHIVED_TAG)?.value;
}

/**
 * What an upsert of a found host is: `checked` when the job only compares; `adopted` when found by name
 * (made by hand, no identity); `restored` when it is this object's archived host (found by id or identity,
 * carrying the archive mark), brought back with its hostid and history; `updated` otherwise.
 */
export function foundHostOperation(
  foundBy: FoundBy,
  tags: readonly ZabbixTag[],
  checkOnly: boolean,
): FoundHostOperation {
  if (checkOnly) return 'checked';
  if (foundBy === 'name') return 'adopted';
  return archivedFrom(tags) === undefined ? 'updated' : 'restored';
}
