import { netboxSearchParams, splitIdSelection } from './netbox-filters';

describe(netboxSearchParams.name, () => {
  it('should repeat list parameters and skip empty values when building the query', () => {
    const params = netboxSearchParams({
      id: [1201, 1202],
      site_id: 3,
      tag: ['zabbix', 'production'],
      has_primary_ip: true,
      name: null,
      role_id: undefined,
    });

    expect(params.toString()).toBe('id=1201&id=1202&site_id=3&tag=zabbix&tag=production&has_primary_ip=true');
  });

  it('should drop paging parameters when the filter carries them', () => {
    const params = netboxSearchParams({ site_id: 3, limit: 5, offset: 10, start: 7 });

    expect(params.toString()).toBe('site_id=3');
  });
});

describe(splitIdSelection.name, () => {
  it('should keep the query whole when the id list is short', () => {
    expect(splitIdSelection({ id: [1, 2, 3], site_id: 3 }, 3)).toEqual([{ id: [1, 2, 3], site_id: 3 }]);
  });

  it('should split the id list into chunks when it is longer than the maximum', () => {
    const queries = splitIdSelection({ id: [1, 2, 3, 4, 5, 2], tag: 'zabbix' }, 2);

    expect(queries).toEqual([
      { id: [1, 2], tag: 'zabbix' },
      { id: [3, 4], tag: 'zabbix' },
      { id: [5], tag: 'zabbix' },
    ]);
  });

  it.each([{ id: [] }, { device_id: [] }, { virtual_machine_id: [], status: 'active' }])(
    'should select nothing when an id parameter is an empty list (%o)',
    (query) => {
      expect(splitIdSelection(query, 100)).toEqual([]);
    },
  );

  it('should keep an empty tag list as no constraint when tags are empty', () => {
    expect(splitIdSelection({ tag: [] }, 100)).toEqual([{ tag: [] }]);
  });
});
