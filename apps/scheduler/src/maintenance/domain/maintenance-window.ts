/** Zabbix's limits on a one-time period: at least 5 minutes; 7.0 allows at most 999 days 23:59. */
export const MIN_WINDOW_SECONDS = 300;
export const MAX_WINDOW_SECONDS = 86_399_940;
/** `active_till` is a 32-bit Unix time. */
export const MAX_UNIX_TIME = 2_147_483_647;

export interface ZabbixWindow {
  readonly activeSince: number;
  readonly activeTill: number;
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Zabbix keeps whole minutes: the window sent starts at the minute of `start` and ends at the minute after
 * `end` (unless `end` is on a minute), so it always covers what was asked.
 */
export function zabbixWindow(start: Date, end: Date): ZabbixWindow {
  return {
    activeSince: Math.floor(start.getTime() / 60_000) * 60,
    activeTill: Math.ceil(end.getTime() / 60_000) * 60,
  };
}

/** What is wrong with a window, by field; `now` only for a new or changed end (a window must not be over). */
export function windowProblems(start: Date, end: Date, now: Date | null): FieldProblem[] {
  if (end.getTime() <= start.getTime()) {
    return [{ field: 'endTime', message: 'endTime must be after startTime' }];
  }
  const { activeSince, activeTill } = zabbixWindow(start, end);
  const problems: FieldProblem[] = [];
  if (activeTill - activeSince < MIN_WINDOW_SECONDS) {
    problems.push({ field: 'endTime', message: 'a maintenance must last at least 5 minutes (Zabbix)' });
  }
  if (activeTill - activeSince > MAX_WINDOW_SECONDS) {
    problems.push({ field: 'endTime', message: 'a maintenance can last at most 999 days 23:59 (Zabbix)' });
  }
  if (activeTill > MAX_UNIX_TIME) {
    problems.push({ field: 'endTime', message: 'endTime must be before 2038-01-19 (Zabbix)' });
  }
  if (now !== null && end.getTime() <= now.getTime()) {
    problems.push({ field: 'endTime', message: 'endTime must be in the future' });
  }
  return problems;
}
