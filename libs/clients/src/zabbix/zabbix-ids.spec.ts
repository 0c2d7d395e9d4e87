import { compareZabbixIds } from './zabbix-ids';

describe(compareZabbixIds.name, () => {
  it.each([
    ['9', '10', -1],
    ['10', '9', 1],
    ['10600', '10600', 0],
    ['10599', '10600', -1],
    ['99999999999999999999', '100000000000000000000', -1],
    ['18446744073709551615', '18446744073709551614', 1],
  ])('should order %s against %s as %i', (left, right, sign) => {
    expect(Math.sign(compareZabbixIds(left, right))).toBe(sign);
  });

  it('should sort ids numerically', () => {
    expect(['100', '20', '3', '1000'].sort(compareZabbixIds)).toEqual(['3', '20', '100', '1000']);
  });
});
