import { ZabbixVersion } from './zabbix-version';

describe(ZabbixVersion.name, () => {
  it.each([
    ['6.0.14', '6.0.14'],
    ['7.0.0', '7.0.0'],
    ['7.2', '7.2.0'],
    ['7.0.0rc1', '7.0.0'],
    ['6.4.21alpha2', '6.4.21'],
    [' 8.0.1 ', '8.0.1'],
  ])('should parse %j as %s', (text, expected) => {
    expect(ZabbixVersion.parse(text)?.toString()).toBe(expected);
  });

  it.each(['', 'six', '6', 'v6.0.1', '.6.0'])('should not parse %j', (text) => {
    expect(ZabbixVersion.parse(text)).toBeUndefined();
  });

  it.each([
    ['6.0.14', '6.0.14', 0],
    ['6.0.14', '6.0.9', 1],
    ['6.0.14', '6.2.0', -1],
    ['6.4.0', '6.2.9', 1],
    ['7.0.0', '6.4.30', 1],
    ['6.10.0', '6.9.0', 1],
  ])('should compare %s with %s as %i', (left, right, sign) => {
    const compared = ZabbixVersion.parse(left)!.compare(ZabbixVersion.parse(right)!);
    expect(Math.sign(compared)).toBe(sign);
  });

  it.each([
    ['6.0.14', [6, 0], true],
    ['6.0.14', [6, 2], false],
    ['6.4.0', [6, 4], true],
    ['7.0.3', [7, 0], true],
    ['7.0.3', [7, 2], false],
    ['7.2.0', [7, 0], true],
  ] as const)('should tell whether %s is at least %j: %s', (text, [major, minor], expected) => {
    expect(ZabbixVersion.parse(text)!.isAtLeast(major, minor)).toBe(expected);
  });
});
