import { PermanentError } from '@lib/contracts';
import { ZabbixDialect } from './zabbix-dialect';
import { ZabbixUnsupportedFeatureError } from './zabbix-unsupported-feature.error';
import { ZabbixVersion } from './zabbix-version';
import { type ZabbixHostFields, type ZabbixMonitoring, type ZabbixSnmpDetails } from './zabbix.types';

function dialectOf(version: string): ZabbixDialect {
  const parsed = ZabbixVersion.parse(version);
  if (!parsed) throw new Error(`bad test version ${version}`);
  return new ZabbixDialect(parsed);
}

const HOST_FIELDS: ZabbixHostFields = {
  host: 'web01',
  name: 'Web 01',
  status: 0,
  description: 'from NetBox',
  groupids: ['20', '21'],
  templateids: ['10186'],
  interfaces: [{ type: 1, main: true, useIp: true, ip: '10.0.0.1', dns: '', port: '10050' }],
  tags: [{ tag: 'site', value: 'ams1' }],
  inventoryMode: 0,
  inventory: { serialno_a: 'SN1' },
  monitoring: { monitoredBy: 'proxy', proxyid: '10500' },
  tls: { connect: 2, accept: 2, pskIdentity: 'web01', psk: '0123456789abcdef0123456789abcdef' },
};

describe(ZabbixDialect.name, () => {
  describe('version-dependent names', () => {
    it.each([
      ['6.0.14', 'body', 'selectGroups', 'groups', 'host', false, false, false],
      ['6.2.0', 'body', 'selectHostGroups', 'hostgroups', 'host', false, false, false],
      ['6.4.0', 'header', 'selectHostGroups', 'hostgroups', 'host', false, false, true],
      ['7.0.0', 'header', 'selectHostGroups', 'hostgroups', 'name', true, true, true],
      ['7.2.3', 'header', 'selectHostGroups', 'hostgroups', 'name', true, true, true],
      ['7.4.0', 'header', 'selectHostGroups', 'hostgroups', 'name', true, true, true],
    ])(
      'should use for %s: auth in %s, %s → %s, proxy name in %s, monitored_by %s, proxy groups %s, max_repetitions %s',
      (version, auth, select, property, proxyName, monitoredBy, proxyGroups, maxRepetitions) => {
        const dialect = dialectOf(version);

        expect(dialect.authPlacement).toBe(auth);
        expect(dialect.hostGroupsSelect).toBe(select);
        expect(dialect.hostGroupsProperty).toBe(property);
        expect(dialect.proxyNameField).toBe(proxyName);
        expect(dialect.usesMonitoredBy).toBe(monitoredBy);
        expect(dialect.supportsProxyGroups).toBe(proxyGroups);
        expect(dialect.sendsMaxRepetitions).toBe(maxRepetitions);
      },
    );

    it.each([
      ['5.2.0', { user: 'Admin', password: 'secret' }],
      ['6.0.14', { username: 'Admin', password: 'secret' }],
      ['7.2.0', { username: 'Admin', password: 'secret' }],
      ['7.4.0', { username: 'Admin', password: 'secret' }],
    ])('should send user.login params for %s as %j', (version, expected) => {
      expect(dialectOf(version).loginParams('Admin', 'secret')).toEqual(expected);
    });
  });

  describe('monitoringParams', () => {
    it.each<[string, ZabbixMonitoring, Record<string, unknown>]>([
      ['6.0.14', { monitoredBy: 'server' }, { proxy_hostid: '0' }],
      ['6.0.14', { monitoredBy: 'proxy', proxyid: '10500' }, { proxy_hostid: '10500' }],
      ['6.4.0', { monitoredBy: 'proxy', proxyid: '10500' }, { proxy_hostid: '10500' }],
      ['7.0.0', { monitoredBy: 'server' }, { monitored_by: 0, proxyid: '0', proxy_groupid: '0' }],
      [
        '7.0.0',
        { monitoredBy: 'proxy', proxyid: '10500' },
        { monitored_by: 1, proxyid: '10500', proxy_groupid: '0' },
      ],
      [
        '7.0.0',
        { monitoredBy: 'proxy_group', proxyGroupid: '3' },
        { monitored_by: 2, proxyid: '0', proxy_groupid: '3' },
      ],
      [
        '7.2.0',
        { monitoredBy: 'proxy_group', proxyGroupid: '3' },
        { monitored_by: 2, proxyid: '0', proxy_groupid: '3' },
      ],
    ])('should send on %s for %j: %j', (version, monitoring, expected) => {
      expect(dialectOf(version).monitoringParams(monitoring)).toEqual(expected);
    });

    it.each(['6.0.14', '6.4.9'])('should refuse a proxy group on %s with a permanent error', (version) => {
      const dialect = dialectOf(version);
      const attempt = (): unknown =>
        dialect.monitoringParams({ monitoredBy: 'proxy_group', proxyGroupid: '3' });

      expect(attempt).toThrow(ZabbixUnsupportedFeatureError);
      expect(attempt).toThrow(PermanentError);
      expect(() => dialect.proxyGroupGetParams(['pg'])).toThrow(ZabbixUnsupportedFeatureError);
    });
  });

  describe('snmpDetailsParams', () => {
    const v2: ZabbixSnmpDetails = { version: 2, bulk: 1, community: '{$SNMP_COMMUNITY}', maxRepetitions: 10 };
    const v3: ZabbixSnmpDetails = {
      version: 3,
      bulk: 0,
      maxRepetitions: 25,
      contextName: 'ctx',
      securityName: '{$SNMPV3_USER}',
      securityLevel: 2,
      authProtocol: 1,
      authPassphrase: '{$SNMPV3_AUTHPASS}',
      privProtocol: 1,
      privPassphrase: '{$SNMPV3_PRIVPASS}',
    };

    it.each<[string, ZabbixSnmpDetails, Record<string, unknown>]>([
      ['6.0.14', { version: 1, bulk: 1, community: 'public' }, { version: 1, bulk: 1, community: 'public' }],
      [
        '7.0.0',
        { version: 1, bulk: 1, community: 'public', maxRepetitions: 10 },
        { version: 1, bulk: 1, community: 'public' },
      ],
      ['6.0.14', v2, { version: 2, bulk: 1, community: '{$SNMP_COMMUNITY}' }],
      ['6.4.0', v2, { version: 2, bulk: 1, community: '{$SNMP_COMMUNITY}', max_repetitions: 10 }],
      ['7.0.0', v2, { version: 2, bulk: 1, community: '{$SNMP_COMMUNITY}', max_repetitions: 10 }],
      [
        '6.0.14',
        v3,
        {
          version: 3,
          bulk: 0,
          contextname: 'ctx',
          securityname: '{$SNMPV3_USER}',
          securitylevel: 2,
          authprotocol: 1,
          authpassphrase: '{$SNMPV3_AUTHPASS}',
          privprotocol: 1,
          privpassphrase: '{$SNMPV3_PRIVPASS}',
        },
      ],
      [
        '7.0.0',
        v3,
        {
          version: 3,
          bulk: 0,
          max_repetitions: 25,
          contextname: 'ctx',
          securityname: '{$SNMPV3_USER}',
          securitylevel: 2,
          authprotocol: 1,
          authpassphrase: '{$SNMPV3_AUTHPASS}',
          privprotocol: 1,
          privpassphrase: '{$SNMPV3_PRIVPASS}',
        },
      ],
      [
        '7.0.0',
        { ...v3, securityLevel: 1 },
        {
          version: 3,
          bulk: 0,
          max_repetitions: 25,
          contextname: 'ctx',
          securityname: '{$SNMPV3_USER}',
          securitylevel: 1,
          authprotocol: 1,
          authpassphrase: '{$SNMPV3_AUTHPASS}',
        },
      ],
      [
        '7.0.0',
        { ...v3, securityLevel: 0 },
        {
          version: 3,
          bulk: 0,
          max_repetitions: 25,
          contextname: 'ctx',
          securityname: '{$SNMPV3_USER}',
          securitylevel: 0,
        },
      ],
    ])('should send on %s for %j: %j', (version, snmp, expected) => {
      expect(dialectOf(version).snmpDetailsParams(snmp)).toEqual(expected);
    });
  });

  describe('interfaceParams', () => {
    it.each(['6.0.14', '7.0.0'])('should send an agent interface without details on %s', (version) => {
      expect(
        dialectOf(version).interfaceParams({
          interfaceid: '15',
          type: 1,
          main: true,
          useIp: false,
          ip: '',
          dns: 'web01.example.com',
          port: '10050',
        }),
      ).toEqual({
        interfaceid: '15',
        type: 1,
        main: 1,
        useip: 0,
        ip: '',
        dns: 'web01.example.com',
        port: '10050',
      });
    });

    it('should refuse an SNMP interface without SNMP details', () => {
      expect(() =>
        dialectOf('7.0.0').interfaceParams({
          type: 2,
          main: true,
          useIp: true,
          ip: '10.0.0.1',
          dns: '',
          port: '161',
        }),
      ).toThrow(PermanentError);
    });
  });

  describe('tlsParams', () => {
    it.each([
      [
        { connect: 1, accept: 1, pskIdentity: 'x', psk: 'ab' },
        { tls_connect: 1, tls_accept: 1 },
      ],
      [
        { connect: 2, accept: 2, pskIdentity: 'x', psk: 'ab' },
        { tls_connect: 2, tls_accept: 2, tls_psk_identity: 'x', tls_psk: 'ab' },
      ],
      [
        { connect: 1, accept: 3, pskIdentity: 'x', psk: 'ab' },
        { tls_connect: 1, tls_accept: 3, tls_psk_identity: 'x', tls_psk: 'ab' },
      ],
      [
        { connect: 4, accept: 4 },
        { tls_connect: 4, tls_accept: 4 },
      ],
    ])('should send %j as %j', (tls, expected) => {
      expect(dialectOf('6.0.14').tlsParams(tls)).toEqual(expected);
    });
  });

  describe('hostCreateParams', () => {
    it('should build the documented 6.0 host.create request', () => {
      expect(dialectOf('6.0.14').hostCreateParams(HOST_FIELDS)).toEqual({
        host: 'web01',
        name: 'Web 01',
        status: 0,
        description: 'from NetBox',
        groups: [{ groupid: '20' }, { groupid: '21' }],
        templates: [{ templateid: '10186' }],
        interfaces: [{ type: 1, main: 1, useip: 1, ip: '10.0.0.1', dns: '', port: '10050' }],
        tags: [{ tag: 'site', value: 'ams1' }],
        inventory_mode: 0,
        inventory: { serialno_a: 'SN1' },
        proxy_hostid: '10500',
        tls_connect: 2,
        tls_accept: 2,
        tls_psk_identity: 'web01',
        tls_psk: '0123456789abcdef0123456789abcdef',
      });
    });

    it.each(['7.0.0', '7.2.0', '7.4.0'])('should build the documented %s host.create request', (version) => {
      expect(dialectOf(version).hostCreateParams(HOST_FIELDS)).toEqual({
        host: 'web01',
        name: 'Web 01',
        status: 0,
        description: 'from NetBox',
        groups: [{ groupid: '20' }, { groupid: '21' }],
        templates: [{ templateid: '10186' }],
        interfaces: [{ type: 1, main: 1, useip: 1, ip: '10.0.0.1', dns: '', port: '10050' }],
        tags: [{ tag: 'site', value: 'ams1' }],
        inventory_mode: 0,
        inventory: { serialno_a: 'SN1' },
        monitored_by: 1,
        proxyid: '10500',
        proxy_groupid: '0',
        tls_connect: 2,
        tls_accept: 2,
        tls_psk_identity: 'web01',
        tls_psk: '0123456789abcdef0123456789abcdef',
      });
    });

    it('should leave out inventory fields when the inventory is disabled', () => {
      const params = dialectOf('7.0.0').hostCreateParams({ ...HOST_FIELDS, inventoryMode: -1 });

      expect(params.inventory_mode).toBe(-1);
      expect(params).not.toHaveProperty('inventory');
    });
  });

  describe('hostUpdateParams', () => {
    it('should send only the given fields for a rename to the graveyard', () => {
      expect(
        dialectOf('7.2.0').hostUpdateParams({
          hostid: '10600',
          host: 'web01_archived',
          name: 'Web 01_archived',
          status: 1,
          groupids: ['30'],
        }),
      ).toEqual({
        hostid: '10600',
        host: 'web01_archived',
        name: 'Web 01_archived',
        status: 1,
        groups: [{ groupid: '30' }],
      });
    });

    it.each([
      ['6.0.14', { proxy_hostid: '0' }],
      ['7.0.0', { monitored_by: 0, proxyid: '0', proxy_groupid: '0' }],
    ])('should keep interface ids and clear unwanted templates on %s', (version, monitoring) => {
      expect(
        dialectOf(version).hostUpdateParams({
          ...HOST_FIELDS,
          hostid: '10600',
          interfaces: [
            { interfaceid: '15', type: 1, main: true, useIp: true, ip: '10.0.0.2', dns: '', port: '10050' },
          ],
          templateidsToClear: ['10001'],
          monitoring: { monitoredBy: 'server' },
          tls: { connect: 1, accept: 1 },
        }),
      ).toEqual({
        hostid: '10600',
        host: 'web01',
        name: 'Web 01',
        status: 0,
        description: 'from NetBox',
        groups: [{ groupid: '20' }, { groupid: '21' }],
        templates: [{ templateid: '10186' }],
        templates_clear: [{ templateid: '10001' }],
        interfaces: [
          { interfaceid: '15', type: 1, main: 1, useip: 1, ip: '10.0.0.2', dns: '', port: '10050' },
        ],
        tags: [{ tag: 'site', value: 'ams1' }],
        inventory_mode: 0,
        inventory: { serialno_a: 'SN1' },
        ...monitoring,
        tls_connect: 1,
        tls_accept: 1,
      });
    });

    it('should leave out templates_clear when there is nothing to clear', () => {
      expect(
        dialectOf('7.0.0').hostUpdateParams({ hostid: '1', templateids: [], templateidsToClear: [] }),
      ).toEqual({ hostid: '1', templates: [] });
    });
  });

  describe('get params', () => {
    it.each([
      [
        'one tag, exactly',
        { tag: { tag: 'netbox-object', value: 'dcim.device:1' } },
        { evaltype: 0, tags: [{ tag: 'netbox-object', value: 'dcim.device:1', operator: 1 }] },
      ],
      [
        'any of several tags, exactly (Or)',
        {
          anyTag: [
            { tag: 'netbox-object', value: 'dcim.device:1' },
            { tag: 'netbox-object', value: 'dcim.device:2' },
          ],
        },
        {
          evaltype: 2,
          tags: [
            { tag: 'netbox-object', value: 'dcim.device:1', operator: 1 },
            { tag: 'netbox-object', value: 'dcim.device:2', operator: 1 },
          ],
        },
      ],
    ] as const)('should select hosts by %s', (_, selector, expected) => {
      expect(dialectOf('6.0.14').hostGetParams(selector)).toMatchObject(expected);
    });

    it('should ask 6.0 for proxy_hostid and selectGroups', () => {
      const params = dialectOf('6.0.14').hostGetParams({ hosts: ['web01'] });

      expect(params).toEqual({
        output: [
          'hostid',
          'host',
          'name',
          'status',
          'description',
          'tls_connect',
          'tls_accept',
          'inventory_mode',
          'proxy_hostid',
        ],
        filter: { host: ['web01'] },
        selectInterfaces: ['interfaceid', 'type', 'main', 'useip', 'ip', 'dns', 'port', 'details'],
        selectParentTemplates: ['templateid', 'name'],
        selectGroups: ['groupid', 'name'],
        selectTags: ['tag', 'value'],
        selectInventory: 'extend',
      });
    });

    it.each(['7.0.0', '7.2.0', '7.4.0'])(
      'should ask %s for monitored_by and selectHostGroups, never selectGroups',
      (version) => {
        const params = dialectOf(version).hostGetParams({ hostids: ['10600'] });

        expect(params).toEqual({
          output: [
            'hostid',
            'host',
            'name',
            'status',
            'description',
            'tls_connect',
            'tls_accept',
            'inventory_mode',
            'monitored_by',
            'proxyid',
            'proxy_groupid',
          ],
          hostids: ['10600'],
          selectInterfaces: ['interfaceid', 'type', 'main', 'useip', 'ip', 'dns', 'port', 'details'],
          selectParentTemplates: ['templateid', 'name'],
          selectHostGroups: ['groupid', 'name'],
          selectTags: ['tag', 'value'],
          selectInventory: 'extend',
        });
        expect(params).not.toHaveProperty('selectGroups');
      },
    );

    it.each([
      ['6.0.14', { output: ['proxyid', 'host'], filter: { host: ['px1'] } }],
      ['7.0.0', { output: ['proxyid', 'name'], filter: { name: ['px1'] } }],
    ])('should look proxies up by name on %s with %j', (version, expected) => {
      expect(dialectOf(version).proxyGetParams(['px1'])).toEqual(expected);
    });

    it('should look proxy groups up by name on 7.0', () => {
      expect(dialectOf('7.0.0').proxyGroupGetParams(['pg1'])).toEqual({
        output: ['proxy_groupid', 'name'],
        filter: { name: ['pg1'] },
      });
    });

    it.each([
      ['host', { output: ['templateid', 'host', 'name'], filter: { host: ['ICMP Ping'] } }],
      ['name', { output: ['templateid', 'host', 'name'], filter: { name: ['ICMP Ping'] } }],
    ] as const)('should look templates up by %s', (field, expected) => {
      expect(dialectOf('7.0.0').templateGetParams(field, ['ICMP Ping'])).toEqual(expected);
    });
  });

  describe('maintenance params', () => {
    const window = {
      name: 'night works',
      description: 'patching\n[nbzb-maintenance:7]',
      activeSince: 1_900_000_000,
      activeTill: 1_900_007_200,
      hostids: ['10601', '10602'],
    };

    it.each(['6.0.14', '7.0.0', '7.2.0', '7.4.0'])(
      'should create a one-time maintenance with hosts as objects on %s',
      (version) => {
        const params = dialectOf(version).maintenanceCreateParams({ ...window, collectsData: false });

        expect(params).toEqual({
          name: 'night works',
          description: 'patching\n[nbzb-maintenance:7]',
          active_since: 1_900_000_000,
          active_till: 1_900_007_200,
          maintenance_type: 1,
          hosts: [{ hostid: '10601' }, { hostid: '10602' }],
          timeperiods: [{ timeperiod_type: 0, start_date: 1_900_000_000, period: 7_200 }],
        });
        expect(params).not.toHaveProperty('hostids');
        expect(params).not.toHaveProperty('groupids');
      },
    );

    it.each(['6.0.14', '7.0.0', '7.2.0', '7.4.0'])(
      'should update the whole maintenance, with data collection, on %s',
      (version) => {
        const params = dialectOf(version).maintenanceUpdateParams('7', { ...window, collectsData: true });

        expect(params).toMatchObject({
          maintenanceid: '7',
          maintenance_type: 0,
          hosts: [{ hostid: '10601' }, { hostid: '10602' }],
          timeperiods: [{ timeperiod_type: 0, start_date: 1_900_000_000, period: 7_200 }],
        });
        expect(params).not.toHaveProperty('hostids');
      },
    );

    it.each([
      ['6.0.14', 'selectGroups'],
      ['6.2.0', 'selectHostGroups'],
      ['7.2.0', 'selectHostGroups'],
      ['7.4.0', 'selectHostGroups'],
    ])('should read maintenances of a host on %s with %s', (version, select) => {
      expect(dialectOf(version).maintenanceGetParams(['10600'])).toEqual({
        output: ['maintenanceid', 'name'],
        hostids: ['10600'],
        selectHosts: ['hostid'],
        [select]: ['groupid'],
      });
    });

    it.each(['6.0.14', '7.0.0', '7.2.0', '7.4.0'])(
      'should update maintenance hosts as objects on %s (never hostids)',
      (version) => {
        const params = dialectOf(version).maintenanceUpdateHostsParams('7', ['10601', '10602']);

        expect(params).toEqual({ maintenanceid: '7', hosts: [{ hostid: '10601' }, { hostid: '10602' }] });
        expect(params).not.toHaveProperty('hostids');
      },
    );
  });

  describe('parseHost', () => {
    const agentInterface = {
      interfaceid: '15',
      hostid: '10600',
      main: '1',
      type: '1',
      useip: '1',
      ip: '10.0.0.1',
      dns: '',
      port: '10050',
      details: [],
    };
    const snmpInterface = {
      interfaceid: '16',
      hostid: '10600',
      main: '1',
      type: '2',
      useip: '0',
      ip: '',
      dns: 'sw1.example.com',
      port: '161',
      details: {
        version: '3',
        bulk: '1',
        max_repetitions: '10',
        securityname: 'u',
        securitylevel: '2',
        authpassphrase: 'ap',
        privpassphrase: 'pp',
        authprotocol: '1',
        privprotocol: '1',
        contextname: 'c',
      },
    };
    const common = {
      hostid: '10600',
      host: 'web01',
      name: 'Web 01',
      status: '1',
      description: 'd',
      tls_connect: '1',
      tls_accept: '3',
      inventory_mode: '0',
      interfaces: [agentInterface, snmpInterface],
      parentTemplates: [{ templateid: '10186', name: 'ICMP Ping' }],
      tags: [{ tag: 'site', value: 'ams1' }],
      inventory: { hostid: '10600', inventory_mode: '0', serialno_a: 'SN1' },
    };
    const expected = {
      hostid: '10600',
      host: 'web01',
      name: 'Web 01',
      status: 1,
      description: 'd',
      tlsConnect: 1,
      tlsAccept: 3,
      inventoryMode: 0,
      inventory: { serialno_a: 'SN1' },
      interfaces: [
        { interfaceid: '15', type: 1, main: true, useIp: true, ip: '10.0.0.1', dns: '', port: '10050' },
        {
          interfaceid: '16',
          type: 2,
          main: true,
          useIp: false,
          ip: '',
          dns: 'sw1.example.com',
          port: '161',
          snmp: {
            version: 3,
            bulk: 1,
            maxRepetitions: 10,
            contextName: 'c',
            securityName: 'u',
            securityLevel: 2,
            authProtocol: 1,
            authPassphrase: 'ap',
            privProtocol: 1,
            privPassphrase: 'pp',
          },
        },
      ],
      templates: [{ templateid: '10186', name: 'ICMP Ping' }],
      groups: [{ groupid: '20', name: 'NetBox' }],
      tags: [{ tag: 'site', value: 'ams1' }],
    };

    it.each([
      [
        '6.0.14',
        { proxy_hostid: '10500', groups: [{ groupid: '20', name: 'NetBox' }] },
        { monitoredBy: 'proxy', proxyid: '10500' },
      ],
      [
        '6.0.14',
        { proxy_hostid: '0', groups: [{ groupid: '20', name: 'NetBox' }] },
        { monitoredBy: 'server' },
      ],
      [
        '7.0.0',
        {
          monitored_by: '1',
          proxyid: '10500',
          proxy_groupid: '0',
          hostgroups: [{ groupid: '20', name: 'NetBox' }],
        },
        { monitoredBy: 'proxy', proxyid: '10500' },
      ],
      [
        '7.0.0',
        {
          monitored_by: '2',
          proxyid: '0',
          proxy_groupid: '3',
          hostgroups: [{ groupid: '20', name: 'NetBox' }],
        },
        { monitoredBy: 'proxy_group', proxyGroupid: '3' },
      ],
      [
        '7.2.0',
        {
          monitored_by: '0',
          proxyid: '0',
          proxy_groupid: '0',
          hostgroups: [{ groupid: '20', name: 'NetBox' }],
        },
        { monitoredBy: 'server' },
      ],
    ])('should parse a %s host.get answer with %j', (version, specific, monitoring) => {
      expect(dialectOf(version).parseHost({ ...common, ...specific })).toEqual({ ...expected, monitoring });
    });

    it('should read a disabled inventory (`[]`) as empty', () => {
      const host = dialectOf('6.0.14').parseHost({
        ...common,
        proxy_hostid: '0',
        inventory_mode: '-1',
        inventory: [],
      });

      expect(host.inventoryMode).toBe(-1);
      expect(host.inventory).toEqual({});
    });

    it('should name the field when the answer is broken', () => {
      expect(() => dialectOf('6.0.14').parseHost({ ...common, hostid: undefined })).toThrow(
        /host\.get.*"hostid"/,
      );
    });
  });

  describe('maintenance and proxy group details', () => {
    it.each([
      ['6.0.14', 'selectGroups'],
      ['7.0.0', 'selectHostGroups'],
      ['7.2.0', 'selectHostGroups'],
      ['7.4.0', 'selectHostGroups'],
    ])('should read maintenances by id on %s with their window, type and members (%s)', (version, select) => {
      expect(dialectOf(version).maintenanceDetailsGetParams({ maintenanceids: ['7'] })).toEqual({
        output: ['maintenanceid', 'name', 'description', 'active_since', 'active_till', 'maintenance_type'],
        maintenanceids: ['7'],
        selectHosts: ['hostid'],
        [select]: ['groupid'],
      });
    });

    it('should read maintenances by exact name', () => {
      expect(dialectOf('7.0.0').maintenanceDetailsGetParams({ names: ['night'] })).toMatchObject({
        filter: { name: ['night'] },
      });
    });

    it.each([
      ['6.0.14', 'groups'],
      ['7.0.0', 'hostgroups'],
      ['7.4.0', 'hostgroups'],
    ])('should parse a %s maintenance.get answer with members in %s', (version, property) => {
      const answer = [
        {
          maintenanceid: '7',
          name: 'night',
          description: 'patching',
          active_since: '1700000000',
          active_till: '1900000000',
          maintenance_type: '1',
          hosts: [{ hostid: '10600' }, { hostid: '10601' }],
          [property]: [{ groupid: '20' }],
        },
      ];

      expect(dialectOf(version).parseMaintenanceDetails(answer)).toEqual([
        {
          maintenanceid: '7',
          name: 'night',
          description: 'patching',
          activeSince: 1_700_000_000,
          activeTill: 1_900_000_000,
          collectsData: false,
          hostids: ['10600', '10601'],
          groupids: ['20'],
        },
      ]);
    });

    it.each(['7.0.0', '7.2.0', '7.4.0'])(
      'should read proxy groups on %s with their settings and proxies',
      (version) => {
        const dialect = dialectOf(version);

        expect(dialect.proxyGroupDetailsGetParams({ proxyGroupids: ['3'] })).toEqual({
          output: ['proxy_groupid', 'name', 'description', 'failover_delay', 'min_online'],
          proxy_groupids: ['3'],
          selectProxies: ['proxyid'],
        });
        expect(dialect.proxyGroupDetailsGetParams({ names: ['pg1'] })).toMatchObject({
          filter: { name: ['pg1'] },
        });
      },
    );

    it.each(['6.0.14', '6.4.9'])('should refuse proxy group reads on %s', (version) => {
      expect(() => dialectOf(version).proxyGroupDetailsGetParams({ proxyGroupids: ['3'] })).toThrow(
        ZabbixUnsupportedFeatureError,
      );
    });

    it('should parse a proxygroup.get answer', () => {
      const answer = [
        {
          proxy_groupid: '3',
          name: 'pg1',
          description: '',
          failover_delay: '2m',
          min_online: '2',
          proxies: [{ proxyid: '10500' }, { proxyid: '10501' }],
        },
      ];

      expect(dialectOf('7.0.0').parseProxyGroupDetails(answer)).toEqual([
        {
          proxyGroupid: '3',
          name: 'pg1',
          description: '',
          failoverDelay: '2m',
          minOnline: '2',
          proxyids: ['10500', '10501'],
        },
      ]);
    });
  });

  /**
   * 7.2 removes what 7.0 only deprecates: `selectGroups`, the body `auth` field, maintenance `hostids`/`groupids`
   * in writes. No Debian package of 7.2 or 7.4 exists to test against, so the request shapes are pinned here.
   */
  describe.each(['7.2.0', '7.4.0'])('requests to %s', (version) => {
    const dialect = dialectOf(version);
    const requests: [string, unknown][] = [
      ['host.get by id', dialect.hostGetParams({ hostids: ['10600'] })],
      ['host.get by name', dialect.hostGetParams({ hosts: ['web01'] })],
      ['host.create', dialect.hostCreateParams(HOST_FIELDS)],
      ['host.update', dialect.hostUpdateParams({ ...HOST_FIELDS, hostid: '10600' })],
      ['maintenance.get of a host', dialect.maintenanceGetParams(['10600'])],
      ['maintenance.get by id', dialect.maintenanceDetailsGetParams({ maintenanceids: ['7'] })],
      ['maintenance.update', dialect.maintenanceUpdateHostsParams('7', ['10600'])],
      [
        'maintenance.create',
        dialect.maintenanceCreateParams({
          name: 'm',
          description: '',
          activeSince: 1,
          activeTill: 301,
          collectsData: true,
          hostids: ['10600'],
        }),
      ],
      ['proxygroup.get', dialect.proxyGroupDetailsGetParams({ names: ['pg1'] })],
      ['proxy.get', dialect.proxyGetParams(['px1'])],
    ];

    it('should authenticate with the Authorization header, never the body auth field', () => {
      expect(dialect.authPlacement).toBe('header');
    });

    it.each(requests)('should build %s without selectGroups or proxy_hostid', (_name, params) => {
      const keys = JSON.stringify(params);

      expect(keys).not.toContain('"selectGroups"');
      expect(keys).not.toContain('"proxy_hostid"');
    });

    it('should send maintenance members as objects, never hostids or groupids', () => {
      const params = dialect.maintenanceUpdateHostsParams('7', ['10600']);

      expect(params).toEqual({ maintenanceid: '7', hosts: [{ hostid: '10600' }] });
      expect(params).not.toHaveProperty('groupids');
    });
  });

  describe('parseMaintenances', () => {
    it.each([
      ['6.0.14', 'groups'],
      ['7.2.0', 'hostgroups'],
      ['7.4.0', 'hostgroups'],
    ])('should read member ids on %s from %s', (version, property) => {
      expect(
        dialectOf(version).parseMaintenances([
          { maintenanceid: '7', name: 'm', hosts: [{ hostid: '10600' }], [property]: [{ groupid: '20' }] },
        ]),
      ).toEqual([{ maintenanceid: '7', name: 'm', hostids: ['10600'], groupids: ['20'] }]);
    });
  });
});
