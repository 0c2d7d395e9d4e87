import { type SystemJobKind } from '../system-job-runner';

/** The plugin's interval choices, in minutes: 1, 5, 15, 30 minutes, 1 to 12 hours, a day, a week, 30 days. */
export const INTERVAL_CHOICES: readonly number[] = [
  1, 5, 15, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720, 1440, 10080, 43200,
];

/** The settings field holding each periodic kind's interval; SyncHostsNow only runs on request. */
export const PERIODIC_SYSTEM_JOBS = {
  ImportZabbixSettings: 'zabbixImportInterval',
  HostConfigSyncRefresh: 'hostConfigSyncInterval',
  MaintenanceCleanup: 'maintenanceCleanupInterval',
} as const satisfies Partial<Record<SystemJobKind, string>>;

export type PeriodicSystemJobKind = keyof typeof PERIODIC_SYSTEM_JOBS;
export type IntervalSettings = Readonly<Record<(typeof PERIODIC_SYSTEM_JOBS)[PeriodicSystemJobKind], number>>;

export function isPeriodic(kind: SystemJobKind): kind is PeriodicSystemJobKind {
  return kind in PERIODIC_SYSTEM_JOBS;
}

export interface ScheduleState {
  readonly intervalMinutes: number;
  readonly nextRunAt: Date;
  readonly lastRunAt: Date | null;
}

const MINUTE_MS = 60_000;

function plusMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

/**
 * The interval a settings value stands for: one of the plugin's choices, the nearest one up for a value
 * written by hand between two of them (at most 30 days, at least a minute).
 */
export function intervalChoice(minutes: number): number {
  const largest = INTERVAL_CHOICES[INTERVAL_CHOICES.length - 1] ?? 43200;
  if (!Number.isFinite(minutes)) return largest;
  return INTERVAL_CHOICES.find((choice) => choice >= minutes) ?? largest;
}

export function intervalFor(kind: PeriodicSystemJobKind, settings: IntervalSettings): number {
  return intervalChoice(settings[PERIODIC_SYSTEM_JOBS[kind]]);
}

/** A new schedule runs one interval after the scheduler first sees it (run it now from the API). */
export function firstRunAt(now: Date, intervalMinutes: number): Date {
  return plusMinutes(now, intervalMinutes);
}

export function isDue(schedule: Pick<ScheduleState, 'nextRunAt'>, now: Date): boolean {
  return schedule.nextRunAt.getTime() <= now.getTime();
}

/**
 * After a run starts at `now`, the next one is an interval later, counted from now: runs missed while no
 * scheduler was up collapse into the one that just started.
 */
export function nextRunAfterRun(now: Date, intervalMinutes: number): Date {
  return plusMinutes(now, intervalMinutes);
}

/** How many runs were due between `nextRunAt` and `now` (1 when the run is just due, 0 when it is not). */
export function dueRuns(schedule: Pick<ScheduleState, 'nextRunAt' | 'intervalMinutes'>, now: Date): number {
  const late = now.getTime() - schedule.nextRunAt.getTime();
  if (late < 0) return 0;
  return Math.floor(late / (schedule.intervalMinutes * MINUTE_MS)) + 1;
}

/**
 * The next run once the interval changes: one new interval after the last run (or after the schedule's
 * start, when it never ran), and never in the past: a shorter interval that is already overdue runs now.
 */
export function rescheduledRunAt(schedule: ScheduleState, intervalMinutes: number, now: Date): Date {
  if (schedule.intervalMinutes === intervalMinutes) return schedule.nextRunAt;
  const since = schedule.lastRunAt ?? plusMinutes(schedule.nextRunAt, -schedule.intervalMinutes);
  const next = plusMinutes(since, intervalMinutes);
  return next.getTime() < now.getTime() ? now : next;
}
