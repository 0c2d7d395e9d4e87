import {
  dueRuns,
  firstRunAt,
  intervalChoice,
  intervalFor,
  isDue,
  nextRunAfterRun,
  rescheduledRunAt,
} from './system-job-schedule';

const at = (iso: string): Date => new Date(`2026-12-01T${iso}:00.000Z`);

describe('system job schedule', () => {
  it.each([
    [1, 1],
    [60, 60],
    [1440, 1440],
    [0, 1],
    [-5, 1],
    [2, 5],
    [61, 120],
    [721, 1440],
    [50000, 43200],
    [Number.NaN, 43200],
  ])('should turn an interval of %p minutes into the choice %p', (value, expected) => {
    expect(intervalChoice(value)).toBe(expected);
  });

  it('should read each kind its own interval from the settings', () => {
    const settings = {
      zabbixImportInterval: 60,
      hostConfigSyncInterval: 5,
      maintenanceCleanupInterval: 1440,
    };
    expect(intervalFor('ImportZabbixSettings', settings)).toBe(60);
    expect(intervalFor('HostConfigSyncRefresh', settings)).toBe(5);
    expect(intervalFor('MaintenanceCleanup', settings)).toBe(1440);
  });

  it('should run a new schedule one interval after it is first seen', () => {
    expect(firstRunAt(at('10:00'), 15)).toEqual(at('10:15'));
  });

  it.each([
    ['09:59', '10:00', false],
    ['10:00', '10:00', true],
    ['10:00', '09:00', true],
  ])('should say whether a run at %s is due at %s: %p', (now, next, expected) => {
    expect(isDue({ nextRunAt: at(next) }, at(now))).toBe(expected);
  });

  it.each([
    // now, next run, interval: runs due
    ['09:59', '10:00', 60, 0],
    ['10:00', '10:00', 60, 1],
    ['10:59', '10:00', 60, 1],
    ['13:30', '10:00', 60, 4],
  ])(
    'should count the runs due at %s when the next was %s every %p minutes: %p',
    (now, next, interval, runs) => {
      expect(dueRuns({ nextRunAt: at(next), intervalMinutes: interval }, at(now))).toBe(runs);
    },
  );

  it('should run the next time an interval after this run, however many runs were missed', () => {
    expect(nextRunAfterRun(at('13:30'), 60)).toEqual(at('14:30'));
  });

  it.each([
    // last run, next run, old interval, new interval, now → next run
    ['10:00', '11:00', 60, 60, '10:30', '11:00'],
    ['10:00', '11:00', 60, 15, '10:05', '10:15'],
    ['10:00', '11:00', 60, 15, '10:40', '10:40'],
    ['10:00', '11:00', 60, 120, '10:30', '12:00'],
    [null, '11:00', 60, 30, '10:10', '10:30'],
    [null, '11:00', 60, 5, '10:10', '10:10'],
  ])(
    'should reschedule (last %p, next %s, %p → %p min, now %s) to %s',
    (last, next, oldInterval, newInterval, now, expected) => {
      const schedule = {
        lastRunAt: last === null ? null : at(last),
        nextRunAt: at(next),
        intervalMinutes: oldInterval,
      };
      expect(rescheduledRunAt(schedule, newInterval, at(now))).toEqual(at(expected));
    },
  );
});
