import { type DesiredInterface } from '@lib/contracts';
import { type ZabbixHostInterface } from '@lib/clients';
import { DEFAULT_SNMP_DETAILS, planInterfaces, toInterfaceInput } from './interface-plan';

function agent(ip: string, main = true, port = 10050): DesiredInterface {
  return { kind: 'agent', main, useIp: true, ip, dns: '', port };
}

function snmp(ip: string, main = true): DesiredInterface {
  return {
    kind: 'snmp',
    main,
    useIp: true,
    ip,
    dns: '',
    port: 161,
    snmp: { version: 2, bulk: 1, maxRepetitions: 10, community: 'c' },
  };
}

function existing(
  interfaceid: string,
  type: 1 | 2,
  ip: string,
  main = true,
  port = '10050',
): ZabbixHostInterface {
  return { interfaceid, type, main, useIp: true, ip, dns: '', port };
}

describe(planInterfaces.name, () => {
  it.each<[string, DesiredInterface[], ZabbixHostInterface[], (string | undefined)[]]>([
    ['a new host', [agent('10.0.0.1')], [], [undefined]],
    [
      'a changed IP on the main agent interface',
      [agent('10.0.0.2')],
      [existing('15', 1, '10.0.0.1')],
      ['15'],
    ],
    ['a changed port', [agent('10.0.0.1', true, 20050)], [existing('15', 1, '10.0.0.1')], ['15']],
    [
      'an added SNMP interface',
      [agent('10.0.0.1'), snmp('10.0.0.1')],
      [existing('15', 1, '10.0.0.1')],
      ['15', undefined],
    ],
    ['a type change (agent → SNMP)', [snmp('10.0.0.1')], [existing('15', 1, '10.0.0.1')], [undefined]],
    [
      'main of each type',
      [snmp('10.0.0.9'), agent('10.0.0.8')],
      [existing('15', 1, '10.0.0.1'), existing('16', 2, '10.0.0.1', true, '161')],
      ['16', '15'],
    ],
    [
      'secondary interfaces by address first',
      [agent('10.0.0.1'), agent('10.0.0.3', false), agent('10.0.0.2', false)],
      [
        existing('15', 1, '10.0.0.1'),
        existing('17', 1, '10.0.0.2', false),
        existing('18', 1, '10.0.0.3', false),
      ],
      ['15', '18', '17'],
    ],
    [
      'secondary interfaces by order when addresses changed',
      [agent('10.0.0.1'), agent('10.0.0.5', false), agent('10.0.0.6', false)],
      [
        existing('15', 1, '10.0.0.1'),
        existing('17', 1, '10.0.0.2', false),
        existing('18', 1, '10.0.0.3', false),
      ],
      ['15', '17', '18'],
    ],
    [
      'a removed secondary interface',
      [agent('10.0.0.1')],
      [existing('15', 1, '10.0.0.1'), existing('17', 1, '10.0.0.2', false)],
      ['15'],
    ],
    [
      'a main interface never takes a secondary one',
      [agent('10.0.0.2')],
      [existing('17', 1, '10.0.0.2', false)],
      [undefined],
    ],
  ])('should keep interface ids for %s', (_case, desired, current, expectedIds) => {
    const planned = planInterfaces(desired, current);

    expect(planned.map((item) => item.interfaceid)).toEqual(expectedIds);
    expect(planned.map(({ interfaceid: _id, ...rest }) => rest)).toEqual(desired.map(toInterfaceInput));
  });
});

describe(toInterfaceInput.name, () => {
  it.each<[DesiredInterface, object]>([
    [agent('10.0.0.1'), { type: 1, main: true, useIp: true, ip: '10.0.0.1', dns: '', port: '10050' }],
    [
      { kind: 'agent', main: false, useIp: false, ip: '', dns: 'web01.example.com', port: 10051 },
      { type: 1, main: false, useIp: false, ip: '', dns: 'web01.example.com', port: '10051' },
    ],
    [
      { kind: 'snmp', main: true, useIp: true, ip: '10.0.0.1', dns: '', port: 161 },
      { type: 2, main: true, useIp: true, ip: '10.0.0.1', dns: '', port: '161', snmp: DEFAULT_SNMP_DETAILS },
    ],
    [
      {
        kind: 'snmp',
        main: true,
        useIp: true,
        ip: '10.0.0.1',
        dns: '',
        port: 161,
        snmp: {
          version: 3,
          bulk: 0,
          maxRepetitions: 20,
          securityName: 'u',
          securityLevel: 2,
          authProtocol: 1,
          authPassphrase: 'a',
          privProtocol: 1,
          privPassphrase: 'p',
        },
      },
      {
        type: 2,
        main: true,
        useIp: true,
        ip: '10.0.0.1',
        dns: '',
        port: '161',
        snmp: {
          version: 3,
          bulk: 0,
          maxRepetitions: 20,
          securityName: 'u',
          securityLevel: 2,
          authProtocol: 1,
          authPassphrase: 'a',
          privProtocol: 1,
          privPassphrase: 'p',
        },
      },
    ],
  ])('should turn %j into %j', (desired, expected) => {
    expect(toInterfaceInput(desired)).toEqual(expected);
  });
});
