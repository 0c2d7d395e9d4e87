import { ReferenceCache } from './reference-cache';

describe(ReferenceCache.name, () => {
  it.each<[string, number, number, string | undefined]>([
    ['an id within its time to live', 1_000, 999, '20'],
    ['nothing once the time to live has passed', 1_000, 1_000, undefined],
    ['nothing when caching is off', 0, 0, undefined],
  ])('should give %s', (_, ttlMs, elapsed, expected) => {
    const cache = new ReferenceCache(ttlMs);
    cache.set('group', 'NetBox', '20', 5_000);

    expect(cache.get('group', 'NetBox', 5_000 + elapsed)).toBe(expected);
  });

  it('should keep kinds apart and forget everything on clear', () => {
    const cache = new ReferenceCache(1_000);
    cache.set('group', 'ICMP Ping', '20', 0);
    cache.set('template', 'ICMP Ping', '10186', 0);

    expect([cache.get('group', 'ICMP Ping', 1), cache.get('template', 'ICMP Ping', 1)]).toEqual([
      '20',
      '10186',
    ]);
    cache.clear();
    expect(cache.get('template', 'ICMP Ping', 1)).toBeUndefined();
  });
});
