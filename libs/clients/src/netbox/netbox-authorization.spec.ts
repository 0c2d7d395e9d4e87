import {
  netboxAuthorizationHeader,
  netboxCredential,
  type NetboxAuthorizationScheme,
} from './netbox-authorization';

const V1_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const V2_TOKEN = 'nbt_abcdef123456.Zx9Qm2Lr8Vt5Wn3Hb7Kc1Pd6Jf4Gs0Ye2Ua8Ro5Ti';

describe(netboxCredential.name, () => {
  it.each<[string, string, NetboxAuthorizationScheme | undefined, NetboxAuthorizationScheme, string]>([
    ['a v1 token', V1_TOKEN, undefined, 'Token', V1_TOKEN],
    ['a v2 token', V2_TOKEN, undefined, 'Bearer', V2_TOKEN],
    ['a v1 token pasted with its scheme', `Token ${V1_TOKEN}`, undefined, 'Token', V1_TOKEN],
    ['a v2 token pasted with its scheme', `Bearer ${V2_TOKEN}`, undefined, 'Bearer', V2_TOKEN],
    ['a scheme word in lower case', `bearer ${V1_TOKEN}`, undefined, 'Bearer', V1_TOKEN],
    ['surrounding whitespace', `  ${V1_TOKEN}\n`, undefined, 'Token', V1_TOKEN],
    ['an override for a v1 token', V1_TOKEN, 'Bearer', 'Bearer', V1_TOKEN],
    ['an override for a v2 token', V2_TOKEN, 'Token', 'Token', V2_TOKEN],
    ['an override over a pasted scheme', `Token ${V2_TOKEN}`, 'Bearer', 'Bearer', V2_TOKEN],
    ['a token that is not 40 hex characters', 'legacy-token-value', undefined, 'Token', 'legacy-token-value'],
  ])('should choose the scheme when given %s', (_case, configured, override, scheme, token) => {
    const credential = netboxCredential(configured, override);

    expect(credential).toEqual({ scheme, token });
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '   '],
    ['only a scheme word', 'Token '],
    ['containing whitespace', `${V1_TOKEN.slice(0, 20)} ${V1_TOKEN.slice(20)}`],
  ])('should refuse the token without repeating it when it is %s', (_case, configured) => {
    const attempt = (): unknown => netboxCredential(configured);

    expect(attempt).toThrow(TypeError);
    expect(attempt).not.toThrow(V1_TOKEN.slice(0, 20));
  });
});

describe(netboxAuthorizationHeader.name, () => {
  it('should write the scheme and the token when building the header', () => {
    expect(netboxAuthorizationHeader({ scheme: 'Token', token: V1_TOKEN })).toBe(`Token ${V1_TOKEN}`);
    expect(netboxAuthorizationHeader({ scheme: 'Bearer', token: V2_TOKEN })).toBe(`Bearer ${V2_TOKEN}`);
  });
});
