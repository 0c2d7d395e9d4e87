import { windowProblems, zabbixWindow } from './maintenance-window';

const at = (iso: string) => new Date(iso);
const now = at('2026-12-01T00:00:00Z');

describe('zabbixWindow', () => {
  it.each([
    ['2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', 0, 3600],
    ['2026-12-01T10:00:30Z', '2026-12-01T11:00:01Z', 0, 3660],
    ['2026-12-01T10:00:59.999Z', '2026-12-01T11:00:00.001Z', 0, 3660],
  ])('should widen %s – %s to whole minutes', (start, end, since, length) => {
    const base = Date.parse('2026-12-01T10:00:00Z') / 1000;
    expect(zabbixWindow(at(start), at(end))).toEqual({
      activeSince: base + since,
      activeTill: base + length,
    });
  });
});

describe('windowProblems', () => {
  it.each<[string, string, string, Date | null, string[]]>([
    ['a valid window', '2026-12-01T10:00:00Z', '2026-12-01T12:00:00Z', now, []],
    [
      'end before start',
      '2026-12-01T12:00:00Z',
      '2026-12-01T10:00:00Z',
      now,
      ['endTime must be after startTime'],
    ],
    [
      'end equal to start',
      '2026-12-01T10:00:00Z',
      '2026-12-01T10:00:00Z',
      now,
      ['endTime must be after startTime'],
    ],
    [
      'under 5 minutes',
      '2026-12-01T10:00:00Z',
      '2026-12-01T10:04:00Z',
      now,
      ['a maintenance must last at least 5 minutes (Zabbix)'],
    ],
    [
      'over 999 days',
      '2026-12-01T10:00:00Z',
      '2029-09-01T10:00:00Z',
      now,
      ['a maintenance can last at most 999 days 23:59 (Zabbix)'],
    ],
    [
      'past 2038',
      '2037-12-01T10:00:00Z',
      '2038-02-01T10:00:00Z',
      now,
      ['endTime must be before 2038-01-19 (Zabbix)'],
    ],
    ['already over', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z', now, ['endTime must be in the future']],
    ['already over, not checked', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z', null, []],
  ])('should report %s', (_name, start, end, when, expected) => {
    const problems = windowProblems(at(start), at(end), when);

    expect(problems.map((problem) => problem.message)).toEqual(expected);
    expect(problems.every((problem) => problem.field === 'endTime')).toBe(true);
  });
});
