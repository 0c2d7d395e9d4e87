/** A row of a local cache table (host groups, templates, proxies, proxy groups). */
export interface CachedRow {
  readonly id: number;
  readonly name: string;
  /** Its id in Zabbix; null for a row no import has seen (a name a mapping wants, made by the writer). */
  readonly zabbixId: string | null;
}

/** An object as Zabbix has it. */
export interface ZabbixObject {
  readonly zabbixId: string;
  readonly name: string;
}

export interface ImportPlan<TRow extends CachedRow, TObject extends ZabbixObject> {
  readonly add: readonly TObject[];
  readonly update: readonly { readonly row: TRow; readonly object: TObject }[];
  /** Rows whose Zabbix object is gone. */
  readonly remove: readonly TRow[];
  readonly unchanged: readonly { readonly row: TRow; readonly object: TObject }[];
}

/**
 * Matches Zabbix objects to cached rows, by Zabbix id first, then by name (a row made for a mapping before
 * the object existed, or an object re-created in Zabbix under its old name). A matched row is updated when
 * `same` says it differs. Rows with a Zabbix id that matched nothing are stale; rows never seen in Zabbix
 * are left alone.
 */
export function planImport<TRow extends CachedRow, TObject extends ZabbixObject>(
  rows: readonly TRow[],
  objects: readonly TObject[],
  same: (row: TRow, object: TObject) => boolean,
): ImportPlan<TRow, TObject> {
  const byZabbixId = new Map(rows.filter((row) => row.zabbixId !== null).map((row) => [row.zabbixId, row]));
  const matched = new Set<number>();
  const pairs: { row: TRow; object: TObject }[] = [];
  const unmatched: TObject[] = [];
  for (const object of objects) {
    const row = byZabbixId.get(object.zabbixId);
    if (row && !matched.has(row.id)) {
      matched.add(row.id);
      pairs.push({ row, object });
    } else {
      unmatched.push(object);
    }
  }
  const byName = new Map(rows.filter((row) => !matched.has(row.id)).map((row) => [row.name, row]));
  const add: TObject[] = [];
  for (const object of unmatched) {
    const row = byName.get(object.name);
    if (row && !matched.has(row.id)) {
      matched.add(row.id);
      pairs.push({ row, object });
    } else {
      add.push(object);
    }
  }
  return {
    add,
    update: pairs.filter(({ row, object }) => !same(row, object)),
    unchanged: pairs.filter(({ row, object }) => same(row, object)),
    remove: rows.filter((row) => !matched.has(row.id) && row.zabbixId !== null),
  };
}

/**
 * An import removes stale rows only up to the settings' `max_deletions` in one run, unless the operator
 * confirmed the run: past it, the run stops before changing anything and says what it would have removed.
 */
export function deletionsAllowed(removals: number, maxDeletions: number, confirmed: boolean): boolean {
  return confirmed || removals <= maxDeletions;
}

/** Same members, whatever the order. */
export function sameIds(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  const sorted = [...right].sort();
  return [...left].sort().every((id, index) => id === sorted[index]);
}
