import { loadNetboxFixture } from '@lib/testing';
import {
  collectAll,
  firstPageQuery,
  nextPageQuery,
  readNetboxPage,
  summarizeNetboxPage,
  type NetboxPageOutcome,
} from './netbox-pagination';

const DEVICES = 'api/dcim/devices/';

function outcome(overrides: Partial<NetboxPageOutcome>): NetboxPageOutcome {
  return { count: 11, next: null, resultCount: 3, highestId: 103, ...overrides };
}

function nextQuery(endpoint: string, current: string, page: NetboxPageOutcome): string {
  const next = nextPageQuery(endpoint, new URLSearchParams(current), page);
  if (next.kind !== 'next') throw new Error(`expected a next page, got ${JSON.stringify(next)}`);
  return next.query.toString();
}

describe(nextPageQuery.name, () => {
  it('should be done when there is no next link', () => {
    expect(nextPageQuery(DEVICES, new URLSearchParams('limit=3&offset=9'), outcome({ next: null }))).toEqual({
      kind: 'done',
    });
  });

  it('should be done when a page came back empty even if it has a next link', () => {
    const page = outcome({
      next: 'https://netbox.example.com/api/dcim/devices/?limit=3&offset=3',
      resultCount: 0,
    });

    expect(nextPageQuery(DEVICES, new URLSearchParams('limit=3&offset=0'), page)).toEqual({ kind: 'done' });
  });

  it.each([
    ['the fixture host', 'https://netbox.example.com/api/dcim/devices/?limit=3&offset=3&site_id=3'],
    [
      'plain http behind a TLS proxy',
      'http://netbox.example.com/api/dcim/devices/?limit=3&offset=3&site_id=3',
    ],
    ['an internal host and port', 'http://10.0.0.5:8080/api/dcim/devices/?limit=3&offset=3&site_id=3'],
    ['a path prefix', 'https://tools.example.com/netbox/api/dcim/devices/?limit=3&offset=3&site_id=3'],
    ['a relative link', '/api/dcim/devices/?limit=3&offset=3&site_id=3'],
  ])('should take only the query when the next link has %s', (_case, next) => {
    const query = nextQuery(DEVICES, 'site_id=3&limit=3&offset=0', outcome({ next }));

    expect(query).toBe('limit=3&offset=3&site_id=3');
  });

  it('should keep repeated parameters when the next link carries an id list', () => {
    const next = 'https://netbox.example.com/api/ipam/ip-addresses/?id=1201&id=1202&id=1301&limit=2&offset=2';

    const query = nextQuery('api/ipam/ip-addresses/', 'id=1201&id=1202&id=1301&limit=2&offset=0', {
      count: 3,
      next,
      resultCount: 2,
      highestId: 1202,
    });

    expect(new URLSearchParams(query).getAll('id')).toEqual(['1201', '1202', '1301']);
  });

  it('should advance by the rows received when NetBox capped the page size', () => {
    // Asked 1000, MAX_PAGE_SIZE is 250: whatever the link says, the next page starts after row 250.
    const next = 'https://netbox.example.com/api/dcim/devices/?limit=1000&offset=1000';

    const query = nextQuery(DEVICES, 'limit=1000&offset=0', outcome({ next, count: 900, resultCount: 250 }));

    expect(query).toBe('limit=1000&offset=250');
  });

  it('should keep the limit the client asked when the link says otherwise', () => {
    const next = 'https://netbox.example.com/api/dcim/devices/?limit=50&offset=3';

    expect(nextQuery(DEVICES, 'limit=3&offset=0', outcome({ next }))).toBe('limit=3&offset=3');
  });

  it('should continue after the highest id when the server answered in cursor mode', () => {
    const fixture = loadNetboxFixture('rest-dcim-devices-cursor-page.json');
    const page = readNetboxPage(fixture);
    if (!page) throw new Error('fixture is not a page');

    const query = nextQuery(DEVICES, 'exclude=config_context&limit=2&start=0', summarizeNetboxPage(page));

    expect(query).toBe('exclude=config_context&limit=2&start=103');
  });

  it('should fall back to offsets when a cursor request was answered with a count (NetBox before 4.6)', () => {
    const next = 'https://netbox.example.com/api/dcim/devices/?limit=2&offset=2&start=0';

    const query = nextQuery(DEVICES, 'limit=2&start=0', outcome({ next, count: 11, resultCount: 2 }));

    expect(query).toBe('limit=2&offset=2');
  });

  it('should refuse the next link when it points to another endpoint', () => {
    const next = 'https://netbox.example.com/api/virtualization/virtual-machines/?limit=3&offset=3';

    expect(nextPageQuery(DEVICES, new URLSearchParams('limit=3&offset=0'), outcome({ next }))).toEqual({
      kind: 'invalid',
      reason: 'the next link points to /api/virtualization/virtual-machines/, not /api/dcim/devices/',
    });
  });

  it('should refuse the next link when it is not a URL', () => {
    const result = nextPageQuery(DEVICES, new URLSearchParams('limit=3'), outcome({ next: 'http://[oops' }));

    expect(result).toEqual({ kind: 'invalid', reason: 'the next link is not a URL' });
  });

  it('should refuse a cursor that does not advance when the ids are not above start', () => {
    const next = 'https://netbox.example.com/api/dcim/devices/?limit=2&start=50';

    const result = nextPageQuery(DEVICES, new URLSearchParams('limit=2&start=50'), {
      count: null,
      next,
      resultCount: 2,
      highestId: 40,
    });

    expect(result).toEqual({ kind: 'invalid', reason: 'the cursor did not advance' });
  });
});

describe(firstPageQuery.name, () => {
  it('should ask offset 0 with the page size when paging by offset', () => {
    expect(firstPageQuery(new URLSearchParams('site_id=3'), 'offset', 500).toString()).toBe(
      'site_id=3&limit=500&offset=0',
    );
  });

  it('should ask start 0 with the page size when paging by cursor', () => {
    expect(firstPageQuery(new URLSearchParams('site_id=3'), 'cursor', 500).toString()).toBe(
      'site_id=3&limit=500&start=0',
    );
  });
});

describe(readNetboxPage.name, () => {
  it('should read count, next and results when given a list answer', () => {
    const page = readNetboxPage(loadNetboxFixture('rest-dcim-devices-list.json'));

    expect(page?.count).toBe(11);
    expect(page?.next).toBe('https://netbox.example.com/api/dcim/devices/?limit=3&offset=3&site_id=3');
    expect(page?.results).toHaveLength(3);
  });

  it('should read a null count when given a cursor page', () => {
    const page = readNetboxPage(loadNetboxFixture('rest-dcim-devices-cursor-page.json'));

    expect(page?.count).toBeNull();
  });

  it('should take a bare list as one complete page', () => {
    expect(readNetboxPage([{ id: 1 }])).toEqual({ count: 1, next: null, results: [{ id: 1 }] });
  });

  it.each([[{ detail: 'x' }], ['text'], [null], [{ results: {} }]])(
    'should give undefined when the body is not a page (%p)',
    (body) => {
      expect(readNetboxPage(body)).toBeUndefined();
    },
  );
});

describe(collectAll.name, () => {
  it('should collect every item when given an async iterable', async () => {
    async function* numbers(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      yield 2;
    }

    await expect(collectAll(numbers())).resolves.toEqual([1, 2]);
  });
});
