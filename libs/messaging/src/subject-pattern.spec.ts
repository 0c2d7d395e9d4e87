import { compareSpecificity, isSubjectPattern, subjectMatches } from './subject-pattern';

describe(subjectMatches.name, () => {
  it.each([
    ['zabbix.job.host-upsert.v1', 'zabbix.job.host-upsert.v1', true],
    ['zabbix.job.host-upsert.v1', 'zabbix.job.host-delete.v1', false],
    ['zabbix.job.>', 'zabbix.job.host-upsert.v1', true],
    ['zabbix.job.>', 'zabbix.job', false],
    ['zabbix.>', 'zabbix.result.job.v1', true],
    ['netbox.event.*.*.created.v1', 'netbox.event.dcim.device.created.v1', true],
    ['netbox.event.*.created.v1', 'netbox.event.dcim.device.created.v1', false],
    ['dlq.zabbix.job.>', 'dlq.netbox.event.dcim.device.created.v1', false],
    ['dlq.>', 'dlq.zabbix.job.host-upsert.v1', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
  ])('should say whether %s matches %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe(compareSpecificity.name, () => {
  it.each([
    ['an exact subject', 'dlq.zabbix.job.host-upsert.v1', 'dlq.zabbix.job.>'],
    ['a longer literal prefix', 'dlq.zabbix.job.>', 'dlq.>'],
    ['a literal over a token wildcard', 'a.b.*', 'a.*.c'],
    ['a token wildcard over a tail wildcard', 'a.*', 'a.>'],
  ])('should put %s first', (_case, specific, general) => {
    expect(compareSpecificity(specific, general)).toBeLessThan(0);
    expect(compareSpecificity(general, specific)).toBeGreaterThan(0);
    expect([general, specific].sort(compareSpecificity)).toEqual([specific, general]);
  });
});

describe(isSubjectPattern.name, () => {
  it.each([
    ['zabbix.job.>', true],
    ['netbox.event.*.*.created.v1', true],
    ['zabbix.>.v1', false],
    ['zabbix..job', false],
    ['', false],
    ['zabbix job', false],
  ])('should say whether %j is a subject pattern', (pattern, expected) => {
    expect(isSubjectPattern(pattern)).toBe(expected);
  });
});
