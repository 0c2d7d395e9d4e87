export const MAINTENANCE_STATES = ['pending', 'active', 'expired', 'failed'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

export interface MaintenanceStatusInput {
  readonly startTime: Date;
  readonly endTime: Date;
  /** The last write to Zabbix failed (its job failed, was dead-lettered or reaped). */
  readonly lastWriteFailed: boolean;
}

/** `failed` when the last write failed; otherwise from the window: before it pending, in it active, after expired. */
export function maintenanceStatus(input: MaintenanceStatusInput, now: Date): MaintenanceState {
  if (input.lastWriteFailed) return 'failed';
  if (now.getTime() >= input.endTime.getTime()) return 'expired';
  if (now.getTime() >= input.startTime.getTime()) return 'active';
  return 'pending';
}
