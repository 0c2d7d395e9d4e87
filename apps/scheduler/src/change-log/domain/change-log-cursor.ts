import { type NetboxAction, type NetboxEventPayload } from '@lib/contracts';
import { triggersFor, type Trigger } from '../../hosts/domain/event-routing';

/** One point in NetBox's change log: a change's id and time (ISO 8601). */
export interface ChangePoint {
  readonly id: number;
  readonly time: string;
}

/** A change as the poll uses it (see NetboxObjectChange). */
export interface LoggedChange extends ChangePoint {
  readonly requestId: string | null;
  readonly userName: string | null;
  readonly action: 'create' | 'update' | 'delete';
  readonly changedObjectType: string;
  readonly changedObjectId: number;
  readonly prechangeData: Readonly<Record<string, unknown>> | null;
  readonly postchangeData: Readonly<Record<string, unknown>> | null;
}

/** The newest webhook the scheduler received for an object. */
export interface WebhookSeen {
  readonly eventAt: Date;
  readonly requestId: string | null;
}

/**
 * The NetBox object types whose changes can change a host (see event-routing's `triggersFor`): devices and
 * VMs, their interfaces and IPs, and what hosts reference (sites, roles, platforms, clusters, tags, custom
 * fields). The change log is read for these only.
 */
export const FOLLOWED_OBJECT_TYPES = [
  'dcim.device',
  'virtualization.virtualmachine',
  'dcim.interface',
  'virtualization.vminterface',
  'ipam.ipaddress',
  'dcim.site',
  'dcim.devicerole',
  'dcim.platform',
  'virtualization.cluster',
  'extras.tag',
  'extras.customfield',
] as const;

/**
 * What a poll does, from the cursor and the ends of NetBox's change log:
 * - `start`: first poll of an installation: the cursor is placed at the newest change (history is not replayed);
 * - `idle`: nothing new (settled) after the cursor;
 * - `read`: the changes after `afterId` up to `to` (the newest change older than the settle window);
 * - `resync`: the changes after the cursor cannot be read (gone by retention, or a different NetBox): a full
 *   SyncHostsNow instead, then the cursor at `to`.
 */
export type ChangeLogStep =
  | { readonly kind: 'start'; readonly to: ChangePoint | null }
  | { readonly kind: 'idle' }
  | { readonly kind: 'read'; readonly afterId: number; readonly to: ChangePoint }
  | { readonly kind: 'resync'; readonly reason: string; readonly to: ChangePoint | null };

export interface ChangeLogEnds {
  /** The cursor's change id; null before the first poll. */
  readonly cursorId: number | null;
  /** The oldest change NetBox still keeps. */
  readonly oldest: ChangePoint | null;
  /** The newest change. */
  readonly newest: ChangePoint | null;
  /** The newest change older than the settle window (webhooks for it have had time to arrive). */
  readonly newestSettled: ChangePoint | null;
}

export function changeLogStep(ends: ChangeLogEnds): ChangeLogStep {
  const { cursorId, oldest, newest, newestSettled } = ends;
  if (cursorId === null) return { kind: 'start', to: newest };
  if (newest === null) return { kind: 'idle' };
  if (newest.id < cursorId) {
    return {
      kind: 'resync',
      reason: `NetBox's change log ends at #${newest.id}, before the cursor #${cursorId} (another or a restored NetBox)`,
      to: newest,
    };
  }
  // Ids are a sequence: the change after the cursor is #cursor+1 unless a transaction was rolled back, so a
  // gap may be a false alarm, which costs one sync; a change lost unnoticed would cost a wrong host.
  if (oldest !== null && oldest.id > cursorId + 1) {
    return {
      kind: 'resync',
      reason: `the changes after the cursor #${cursorId} are gone from NetBox's change log (the oldest kept is #${oldest.id}): they fell out of its retention`,
      to: newest,
    };
  }
  if (newestSettled === null || newestSettled.id <= cursorId) return { kind: 'idle' };
  return { kind: 'read', afterId: cursorId, to: newestSettled };
}

/** Polls start an interval apart; 0 seconds turns them off. */
export function isPollDue(lastPollAt: Date | null, intervalSeconds: number, now: Date): boolean {
  if (intervalSeconds <= 0) return false;
  if (lastPollAt === null) return true;
  return now.getTime() - lastPollAt.getTime() >= intervalSeconds * 1_000;
}

/**
 * A webhook brought the change when one arrived for the same object from the same NetBox request, or one
 * fired at or after the change (the scheduler then re-read the object after the change was made).
 */
export function broughtByWebhook(change: LoggedChange, seen: WebhookSeen | undefined): boolean {
  if (!seen) return false;
  if (change.requestId !== null && seen.requestId === change.requestId) return true;
  return seen.eventAt.getTime() >= Date.parse(change.time);
}

const EVENT_ACTIONS: Readonly<Record<LoggedChange['action'], NetboxAction>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
};

/** The change as the NetBox event its webhook would have been (the snapshots stand for the data). */
export function changeAsEvent(change: LoggedChange): NetboxEventPayload {
  const data = change.action === 'delete' ? change.prechangeData : change.postchangeData;
  return {
    objectType: change.changedObjectType,
    objectId: change.changedObjectId,
    action: EVENT_ACTIONS[change.action],
    timestamp: change.time,
    requestId: change.requestId,
    username: change.userName,
    data: data ? { ...data } : null,
    prechange: change.prechangeData ? { ...change.prechangeData } : null,
    postchange: change.postchangeData ? { ...change.postchangeData } : null,
  };
}

/** Which hosts a logged change affects: exactly what its webhook would have triggered. */
export function triggersForChange(change: LoggedChange): Trigger[] {
  return triggersFor(changeAsEvent(change));
}
