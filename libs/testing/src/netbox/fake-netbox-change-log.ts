import { randomUUID } from 'node:crypto';

export type FakeNetboxChangeAction = 'create' | 'update' | 'delete';

/** One change as the fake NetBox stores it (rendered as NetBox's `ObjectChange` by `render`). */
export interface FakeNetboxChange {
  readonly id: number;
  readonly time: string;
  readonly requestId: string;
  readonly action: FakeNetboxChangeAction;
  readonly changedObjectType: string;
  readonly changedObjectId: number;
  readonly relatedObjectType: string | null;
  readonly relatedObjectId: number | null;
  readonly objectRepr: string;
  readonly prechangeData: Record<string, unknown> | null;
  readonly postchangeData: Record<string, unknown> | null;
}

export type FakeNetboxChangeInput = Omit<FakeNetboxChange, 'id' | 'time' | 'requestId'> & {
  readonly time?: Date;
};

const LABELS: Readonly<Record<FakeNetboxChangeAction, string>> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
};

/**
 * NetBox's change log for the fake NetBox: every upsert and delete of its store is recorded, with ids
 * growing from 1 and Django-style snapshots (references as ids). `prune` plays NetBox's retention
 * (CHANGELOG_RETENTION), `filter` answers `/api/core/object-changes/` (4.1+) and `/api/extras/object-changes/`.
 */
export class FakeNetboxChangeLog {
  private readonly entries: FakeNetboxChange[] = [];
  private nextId = 1;
  /** Request id of the changes recorded from now on (a NetBox request makes several changes); null: one each. */
  private requestId: string | null = null;

  record(input: FakeNetboxChangeInput): FakeNetboxChange {
    const { time, ...rest } = input;
    const change: FakeNetboxChange = {
      ...rest,
      id: this.nextId++,
      time: (time ?? new Date()).toISOString(),
      requestId: this.requestId ?? randomUUID(),
    };
    this.entries.push(change);
    return change;
  }

  /** Runs `change` as one NetBox request: every change it records shares one request id, returned. */
  asOneRequest(change: () => void): string {
    const requestId = randomUUID();
    this.requestId = requestId;
    try {
      change();
    } finally {
      this.requestId = null;
    }
    return requestId;
  }

  /** Every change kept, oldest first. */
  all(): readonly FakeNetboxChange[] {
    return [...this.entries];
  }

  newest(): FakeNetboxChange | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** Deletes the changes with an id below `id`, as NetBox's change log retention does. */
  prune(beforeId: number): void {
    const keep = this.entries.filter((change) => change.id >= beforeId);
    this.entries.length = 0;
    this.entries.push(...keep);
  }

  /**
   * The changes matching NetBox filter parameters (`id`, `id__gt`/`__gte`/`__lt`/`__lte`,
   * `changed_object_type`, `changed_object_id`, `action`, `request_id`, `time_before`, `time_after`), in
   * `ordering` (`id`, `-id`, `time`, `-time`; default `-time` as NetBox), or a 400 body.
   */
  filter(
    query: URLSearchParams,
  ): { ok: true; changes: FakeNetboxChange[] } | { ok: false; errors: Record<string, string[]> } {
    const errors: Record<string, string[]> = {};
    let changes = [...this.entries];
    for (const [parameter, value] of query.entries()) {
      const idRange = /^id(?:__(gt|gte|lt|lte))?$/.exec(parameter);
      if (idRange) {
        if (!/^\d+$/.test(value)) {
          errors[parameter] = ['Enter a number.'];
          continue;
        }
        const bound = Number(value);
        const lookup = idRange[1];
        changes = changes.filter((change) =>
          lookup === 'gt'
            ? change.id > bound
            : lookup === 'gte'
              ? change.id >= bound
              : lookup === 'lt'
                ? change.id < bound
                : lookup === 'lte'
                  ? change.id <= bound
                  : change.id === bound,
        );
      } else if (parameter === 'changed_object_type') {
        if (!/^[a-z_]+\.[a-z_]+$/.test(value)) {
          errors[parameter] = [`Invalid content type: ${value}`];
          continue;
        }
        changes = changes.filter((change) => change.changedObjectType === value);
      } else if (parameter === 'changed_object_id') {
        changes = changes.filter((change) => String(change.changedObjectId) === value);
      } else if (parameter === 'action') {
        changes = changes.filter((change) => change.action === value);
      } else if (parameter === 'request_id') {
        changes = changes.filter((change) => change.requestId === value);
      } else if (parameter === 'time_before' || parameter === 'time_after') {
        const bound = Date.parse(value);
        if (Number.isNaN(bound)) {
          errors[parameter] = ['Enter a valid date/time.'];
          continue;
        }
        changes = changes.filter((change) =>
          parameter === 'time_before' ? Date.parse(change.time) <= bound : Date.parse(change.time) >= bound,
        );
      }
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const ordering = query.get('ordering') ?? '-time';
    const descending = ordering.startsWith('-');
    const key = ordering.replace(/^-/, '') === 'time' ? 'time' : 'id';
    changes.sort((a, b) => {
      const order = key === 'time' ? Date.parse(a.time) - Date.parse(b.time) || a.id - b.id : a.id - b.id;
      return descending ? -order : order;
    });
    return { ok: true, changes };
  }
}

/** A change as NetBox's ObjectChangeSerializer renders it (`apiPath`: the endpoint it is served under). */
export function renderFakeNetboxChange(
  change: FakeNetboxChange,
  origin: string,
  apiPath: string,
): Record<string, unknown> {
  return {
    id: change.id,
    url: `${origin}/${apiPath}${change.id}/`,
    display: `${change.objectRepr} ${change.action}d by admin`,
    time: change.time,
    user: { id: 1, url: `${origin}/api/users/users/1/`, display: 'admin', username: 'admin' },
    user_name: 'admin',
    request_id: change.requestId,
    action: { value: change.action, label: LABELS[change.action] },
    changed_object_type: change.changedObjectType,
    changed_object_id: change.changedObjectId,
    changed_object: null,
    prechange_data: change.prechangeData,
    postchange_data: change.postchangeData,
  };
}

/**
 * Django's model serialization of an object as the change log stores it: references (`{id, …}`) become
 * their id, tags their names; what only the REST serializer adds (url, display, nested assigned object) is left out.
 */
export function fakeNetboxSnapshot(record: Record<string, unknown>): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (['url', 'display_url', 'display', 'assigned_object', 'created', 'last_updated'].includes(key))
      continue;
    if (key === 'tags' && Array.isArray(value)) {
      snapshot.tags = value.map((tag: unknown) =>
        typeof tag === 'object' && tag !== null && 'name' in tag ? tag.name : tag,
      );
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value) {
      snapshot[key] = value.id;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value) {
      snapshot[key] = value.value;
    } else {
      snapshot[key] = value;
    }
  }
  return snapshot;
}
