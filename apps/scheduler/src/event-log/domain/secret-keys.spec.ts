import { withoutSecretKeys } from './secret-keys';

describe(withoutSecretKeys.name, () => {
  it('should leave out secret-named keys at any depth and keep the rest', () => {
    const row = {
      host: 'edge01',
      tlsPsk: 'abc',
      interfaces: [{ ip: '192.0.2.1', details: { community: 'public', version: 2 } }],
      settings: { snmpPrivpassphrase: 'x', graveyard: 'graveyard' },
      when: new Date(0),
      none: null,
    };

    expect(withoutSecretKeys(row)).toEqual({
      host: 'edge01',
      interfaces: [{ ip: '192.0.2.1', details: { version: 2 } }],
      settings: { graveyard: 'graveyard' },
      when: new Date(0),
      none: null,
    });
  });

  it.each([null, 3, 'text', true])('should return %p as it is', (value) => {
    expect(withoutSecretKeys(value)).toBe(value);
  });
});
