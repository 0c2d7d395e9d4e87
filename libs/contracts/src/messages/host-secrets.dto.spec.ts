import { type DesiredHost } from './desired-host.dto';
import { joinHostSecrets, splitHostSecrets, withoutHostSecrets } from './host-secrets.dto';

const PSK = '00112233445566778899aabbccddeeff';

function desiredHost(overrides: Partial<DesiredHost> = {}): DesiredHost {
  return {
    host: 'sw1',
    name: 'sw1',
    status: 0,
    description: '',
    groups: ['NetBox'],
    templates: [],
    interfaces: [
      { kind: 'agent', main: true, useIp: true, ip: '10.0.0.1', dns: '', port: 10050 },
      {
        kind: 'snmp',
        main: true,
        useIp: true,
        ip: '10.0.0.1',
        dns: '',
        port: 161,
        snmp: {
          version: 3,
          bulk: 1,
          maxRepetitions: 10,
          securityName: 'monitor',
          securityLevel: 2,
          authProtocol: 1,
          authPassphrase: 'auth-secret',
          privProtocol: 1,
          privPassphrase: 'priv-secret',
        },
      },
    ],
    tags: [],
    inventoryMode: 0,
    inventory: {},
    monitoredBy: 'server',
    tlsConnect: 2,
    tlsAccept: 2,
    tlsPskIdentity: 'psk-id',
    tlsPsk: PSK,
    ...overrides,
  };
}

describe(splitHostSecrets.name, () => {
  it('should take the PSK and the SNMP passphrases out, and put them back', () => {
    const desired = desiredHost();
    const { visible, secrets } = splitHostSecrets(desired);
    expect(JSON.stringify(visible)).not.toMatch(/auth-secret|priv-secret|00112233/);
    expect(visible.tlsPskIdentity).toBe('psk-id');
    expect(visible.interfaces[1]?.snmp?.securityName).toBe('monitor');
    expect(secrets).toEqual({
      tlsPsk: PSK,
      interfaces: [null, { authPassphrase: 'auth-secret', privPassphrase: 'priv-secret' }],
    });
    expect(joinHostSecrets(visible, secrets)).toEqual(desired);
  });

  it('should find no secrets in a host without PSK or SNMP', () => {
    const desired = desiredHost({ tlsPsk: undefined, interfaces: [] });
    delete desired.tlsPsk;
    expect(splitHostSecrets(desired)).toEqual({ visible: desired, secrets: null });
    expect(joinHostSecrets(desired, null)).toBe(desired);
  });

  it('should leave the host it splits alone', () => {
    const desired = desiredHost();
    withoutHostSecrets(desired);
    expect(desired.tlsPsk).toBe(PSK);
    expect(desired.interfaces[1]?.snmp?.authPassphrase).toBe('auth-secret');
  });
});
