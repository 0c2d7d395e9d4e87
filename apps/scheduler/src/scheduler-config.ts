import { type SchedulerConfig } from '@lib/config';

/** Injection token for the scheduler's validated configuration. */
export const SCHEDULER_CONFIG = Symbol('SCHEDULER_CONFIG');
export type SchedulerSettingsConfig = SchedulerConfig;
