import { NetworkList, sourceAddressOf, sourceNetworkProblem } from './source-networks';

describe(NetworkList.name, () => {
  const list = NetworkList.parse(' 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,, fd00::1');

  it.each([
    ['10.1.2.3', true],
    ['11.0.0.1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['::ffff:10.9.9.9', true],
    ['2001:db8:1::5', true],
    ['2001:db9::1', false],
    ['fd00::1', true],
    ['fd00::2', false],
    ['not-an-address', false],
  ])('should tell whether %s is in the list (%s)', (address, expected) => {
    expect(list.has(address)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', 'example.com', '10.0.0.0/8/8', '10.0.0/8', '10.0.0.0/x'])(
    'should refuse %s, naming it',
    (entry) => {
      expect(() => NetworkList.parse(`192.0.2.0/24,${entry}`)).toThrow(`"${entry}"`);
    },
  );

  it('should be empty for an empty text', () => {
    expect(NetworkList.parse(' , ').empty).toBe(true);
  });
});

describe(sourceAddressOf.name, () => {
  const proxies = NetworkList.parse('10.0.0.0/8');
  const none = NetworkList.parse('');

  it.each([
    ['the peer, without trusted proxies', '203.0.113.9', '198.51.100.1', none, '203.0.113.9'],
    ['the peer, when it is no trusted proxy', '203.0.113.9', '198.51.100.1', proxies, '203.0.113.9'],
    [
      'the forwarded client, behind a trusted proxy',
      '::ffff:10.0.0.2',
      '198.51.100.1',
      proxies,
      '198.51.100.1',
    ],
    [
      'the first untrusted hop from the right',
      '10.0.0.2',
      '192.0.2.66, 198.51.100.1, 10.0.0.3',
      proxies,
      '198.51.100.1',
    ],
    ['the proxy itself, without the header', '10.0.0.2', undefined, proxies, '10.0.0.2'],
    ['the leftmost hop, when all are trusted', '10.0.0.2', '10.0.0.4, 10.0.0.3', proxies, '10.0.0.4'],
  ])('should take %s', (_case, peer, forwarded, trusted, expected) => {
    expect(sourceAddressOf(peer, forwarded, trusted)).toBe(expected);
  });
});

describe(sourceNetworkProblem.name, () => {
  it('should let every source in when no networks are configured', () => {
    expect(sourceNetworkProblem('203.0.113.9', NetworkList.parse(''))).toBeUndefined();
  });

  it('should name the source and the setting when it is refused', () => {
    const allowed = NetworkList.parse('192.0.2.0/24');
    expect(sourceNetworkProblem('192.0.2.10', allowed)).toBeUndefined();
    expect(sourceNetworkProblem('203.0.113.9', allowed)).toBe(
      'source address 203.0.113.9 is not in WEBHOOK_ALLOWED_NETWORKS',
    );
    expect(sourceNetworkProblem(undefined, allowed)).toMatch(/unknown/);
  });
});
