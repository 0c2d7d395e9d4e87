import { InvalidMessageError, type DesiredHost } from '@lib/contracts';
import { matchTemplates, monitoringRequestOf } from './reference-resolution';

describe(matchTemplates.name, () => {
  const found = [
    { templateid: '10186', host: 'ICMP Ping', name: 'ICMP Ping' },
    { templateid: '10500', host: 'Template Net Cisco', name: 'Cisco IOS by SNMP' },
  ];

  it.each([
    [['ICMP Ping'], ['10186'], []],
    [['Cisco IOS by SNMP'], ['10500'], []],
    [['Template Net Cisco', 'ICMP Ping'], ['10500', '10186'], []],
    [['ICMP Ping', 'Nope', 'Gone'], ['10186'], ['Nope', 'Gone']],
    [['ICMP Ping', 'ICMP Ping'], ['10186'], []],
    [[], [], []],
  ])('should match %j to ids %j, missing %j', (names, templateids, missing) => {
    expect(matchTemplates(names, found)).toEqual({ templateids, missing });
  });
});

describe(monitoringRequestOf.name, () => {
  it.each<[Pick<DesiredHost, 'monitoredBy' | 'proxy' | 'proxyGroup'>, object]>([
    [{ monitoredBy: 'server', proxy: 'ignored' }, { monitoredBy: 'server' }],
    [
      { monitoredBy: 'proxy', proxy: 'px1' },
      { monitoredBy: 'proxy', proxy: 'px1' },
    ],
    [
      { monitoredBy: 'proxy_group', proxyGroup: 'pg1' },
      { monitoredBy: 'proxy_group', proxyGroup: 'pg1' },
    ],
  ])('should read %j as %j', (desired, expected) => {
    expect(monitoringRequestOf(desired)).toEqual(expected);
  });

  it.each<Pick<DesiredHost, 'monitoredBy' | 'proxy' | 'proxyGroup'>>([
    { monitoredBy: 'proxy' },
    { monitoredBy: 'proxy', proxy: '' },
    { monitoredBy: 'proxy_group', proxy: 'px1' },
  ])('should reject %j as an invalid job', (desired) => {
    expect(() => monitoringRequestOf(desired)).toThrow(InvalidMessageError);
  });
});
