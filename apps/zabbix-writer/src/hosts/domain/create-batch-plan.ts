/**
 * host.create with an array is all-or-nothing: one host Zabbix rejects fails the call for all of them. The
 * writer then splits the array in halves and sends each again, recursively, until the bad host is alone:
 * about 2·log2(n) more calls for one bad host among n, and every other host is created.
 */
export function splitInHalves<T>(items: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(items.length / 2);
  return [items.slice(0, middle), items.slice(middle)];
}

export interface NamePartition<T> {
  /** The first item of each name: these can go into one host.create together. */
  readonly unique: T[];
  /** Later items with a name already taken in this batch (one object redelivered, or two sharing a name). */
  readonly repeats: T[];
}

/**
 * Two hosts with one technical name in one host.create fail the whole call, and when sent apart both may be
 * created. So only the first of each name goes into the batch; the rest run after it, one by one, and find
 * the host it made (adopting it, or failing on another object's identity).
 */
export function partitionByName<T>(items: readonly T[], nameOf: (item: T) => string): NamePartition<T> {
  const seen = new Set<string>();
  const unique: T[] = [];
  const repeats: T[] = [];
  for (const item of items) {
    const name = nameOf(item);
    if (seen.has(name)) repeats.push(item);
    else {
      seen.add(name);
      unique.push(item);
    }
  }
  return { unique, repeats };
}
