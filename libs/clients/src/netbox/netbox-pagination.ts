import { isNetboxRecord, readId, readNullableNumber } from './netbox-response-readers';

/**
 * `offset`: limit/offset pages (every NetBox). `cursor`: NetBox 4.6+ `start=<id>` pages, ordered by id, stable
 * while objects are added or deleted; a NetBox before 4.6 ignores `start` and the client falls back to offsets.
 */
export type NetboxPaginationMode = 'offset' | 'cursor';

/** The envelope of a NetBox list answer. */
export interface NetboxPage {
  /** null in cursor mode. */
  readonly count: number | null;
  readonly next: string | null;
  readonly results: readonly unknown[];
}

/** What came back on one page: the only thing progress is computed from. */
export interface NetboxPageOutcome {
  readonly count: number | null;
  readonly next: string | null;
  readonly resultCount: number;
  /** The highest id on the page (cursor mode continues after it). */
  readonly highestId: number | null;
}

export type NetboxNextPage =
  | { readonly kind: 'done' }
  | { readonly kind: 'next'; readonly query: URLSearchParams }
  | { readonly kind: 'invalid'; readonly reason: string };

/** `{count, next, previous, results}`; a bare list is taken as one complete page. undefined: neither. */
export function readNetboxPage(body: unknown): NetboxPage | undefined {
  if (Array.isArray(body)) return { count: body.length, next: null, results: body };
  if (!isNetboxRecord(body) || !Array.isArray(body.results)) return undefined;
  return {
    count: readNullableNumber(body.count),
    next: typeof body.next === 'string' && body.next !== '' ? body.next : null,
    results: body.results,
  };
}

export function summarizeNetboxPage(page: NetboxPage): NetboxPageOutcome {
  let highestId: number | null = null;
  for (const result of page.results) {
    const id = isNetboxRecord(result) ? readId(result.id) : null;
    if (id !== null && (highestId === null || id > highestId)) highestId = id;
  }
  return { count: page.count, next: page.next, resultCount: page.results.length, highestId };
}

/** The query of the first page: the filter, `limit`, and `start=0` in cursor mode. */
export function firstPageQuery(
  filter: URLSearchParams,
  mode: NetboxPaginationMode,
  pageSize: number,
): URLSearchParams {
  const query = new URLSearchParams(filter);
  query.set('limit', String(pageSize));
  switch (mode) {
    case 'offset':
      query.set('offset', '0');
      break;
    case 'cursor':
      query.set('start', '0');
      break;
  }
  return query;
}

/**
 * The query of the page after `current`, from the page's `next` link and what actually came back.
 *
 * - `next` null, or an empty page: done.
 * - From `next` only the query is taken, and only if its path ends with `endpointPath`: its scheme, host and
 *   path prefix are NetBox's idea of itself, often wrong behind a proxy (`http://`, an internal host name,
 *   a missing `/netbox` prefix). The request goes to the client's own base URL.
 * - Progress comes from the results, never from what was asked: NetBox clamps `limit` to MAX_PAGE_SIZE
 *   without saying so. Offset mode: `offset` = current offset + rows received. Cursor mode (the server
 *   answered `count: null`): `start` = highest id received + 1. A cursor request answered with a count came
 *   from a NetBox before 4.6, which ignored `start`: the walk continues with offsets.
 * - `limit` stays what the client asked.
 */
export function nextPageQuery(
  endpointPath: string,
  current: URLSearchParams,
  page: NetboxPageOutcome,
): NetboxNextPage {
  if (page.next === null || page.resultCount === 0) return { kind: 'done' };
  let link: URL;
  try {
    link = new URL(page.next, 'http://next-link.invalid/');
  } catch {
    return { kind: 'invalid', reason: 'the next link is not a URL' };
  }
  const endpoint = `/${endpointPath.replace(/^\/+/, '')}`;
  if (!link.pathname.endsWith(endpoint)) {
    return { kind: 'invalid', reason: `the next link points to ${link.pathname}, not ${endpoint}` };
  }
  const query = new URLSearchParams(link.search);
  const limit = current.get('limit');
  if (limit !== null) query.set('limit', limit);
  if (current.has('start') && page.count === null) {
    const previousStart = Number(current.get('start'));
    if (page.highestId === null || page.highestId + 1 <= previousStart) {
      return { kind: 'invalid', reason: 'the cursor did not advance' };
    }
    query.set('start', String(page.highestId + 1));
    query.delete('offset');
  } else {
    const offset = Number(current.get('offset') ?? '0') + page.resultCount;
    query.set('offset', String(offset));
    query.delete('start');
  }
  return { kind: 'next', query };
}

/** Collects an async iterable into an array. */
export async function collectAll<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
