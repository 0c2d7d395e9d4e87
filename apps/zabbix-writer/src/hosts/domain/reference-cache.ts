/** What the cache holds ids of, by name. */
export type ReferenceKind = 'group' | 'template' | 'proxy' | 'proxy group';

/**
 * Zabbix ids of host groups, templates, proxies and proxy groups by the names jobs use, for `ttlMs` after
 * they were read, so a batch (and the next few) resolves them without a call. Only what was found is kept:
 * a name Zabbix did not know is asked again next time. `now` is passed in (epoch ms). ttlMs 0: no caching.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, { readonly id: string; readonly until: number }>();

  constructor(private readonly ttlMs: number) {}

  get(kind: ReferenceKind, name: string, now: number): string | undefined {
    const key = keyOf(kind, name);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.id;
    this.entries.delete(key);
    return undefined;
  }

  set(kind: ReferenceKind, name: string, id: string, now: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(keyOf(kind, name), { id, until: now + this.ttlMs });
  }

  /** After Zabbix rejected a write that used cached ids: they may be stale. */
  clear(): void {
    this.entries.clear();
  }
}

function keyOf(kind: ReferenceKind, name: string): string {
  return `${kind}\u0000${name}`;
}
