/**
 * Orders Zabbix ids (decimal strings of up to 20 digits, beyond Number's precision) numerically. Where
 * concurrent creates left two objects with one name (Zabbix checks names in PHP, not with a unique index),
 * every writer keeps the one with the smallest id, so they all agree without talking to each other.
 */
export function compareZabbixIds(left: string, right: string): number {
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}
