import {
  deadLetterSubject,
  DEAD_LETTER_SUBJECT_PREFIX,
  netboxEventSubject,
  NETBOX_EVENT_SUBJECT_PREFIX,
  Subjects,
} from '../subjects';
import { DeadLetterPayload } from './dead-letter.dto';
import { HostCheckJobPayload } from './host-check-job.dto';
import { JobResultPayload } from './job-result.dto';
import { MaintenanceJobPayload } from './maintenance-job.dto';
import { NetboxEventPayload } from './netbox-event.dto';
import { HostDeleteJobPayload, HostUpsertJobPayload } from './zabbix-job.dto';

/**
 * Ties a payload type to the subjects it travels on. `publish(definition, payload)` and handlers are
 * type-checked per message through it.
 */
export interface MessageDefinition<TPayload extends object> {
  /** Stable name of the message kind, used to register handlers. */
  readonly name: string;
  readonly payloadType: new () => TPayload;
  subjectFor(payload: TPayload): string;
  matches(subject: string): boolean;
}

export type PayloadOf<TDefinition> = TDefinition extends MessageDefinition<infer TPayload> ? TPayload : never;

function fixedSubject<TPayload extends object>(
  name: string,
  payloadType: new () => TPayload,
  subject: string,
): MessageDefinition<TPayload> {
  return { name, payloadType, subjectFor: () => subject, matches: (candidate) => candidate === subject };
}

export const Messages = {
  netboxEvent: {
    name: 'netbox-event.v1',
    payloadType: NetboxEventPayload,
    subjectFor: (payload: NetboxEventPayload) => netboxEventSubject(payload.objectType, payload.action),
    matches: (subject: string) =>
      subject.startsWith(`${NETBOX_EVENT_SUBJECT_PREFIX}.`) && subject.endsWith('.v1'),
  } satisfies MessageDefinition<NetboxEventPayload>,
  hostUpsertJob: fixedSubject('host-upsert-job.v1', HostUpsertJobPayload, Subjects.hostUpsertJob),
  hostDeleteJob: fixedSubject('host-delete-job.v1', HostDeleteJobPayload, Subjects.hostDeleteJob),
  hostCheckJob: fixedSubject('host-check-job.v1', HostCheckJobPayload, Subjects.hostCheckJob),
  maintenanceJob: fixedSubject('maintenance-job.v1', MaintenanceJobPayload, Subjects.maintenanceJob),
  jobResult: fixedSubject('job-result.v1', JobResultPayload, Subjects.jobResult),
  deadLetter: {
    name: 'dead-letter.v1',
    payloadType: DeadLetterPayload,
    subjectFor: (payload: DeadLetterPayload) => deadLetterSubject(payload.originalSubject),
    matches: (subject: string) => subject.startsWith(`${DEAD_LETTER_SUBJECT_PREFIX}.`),
  } satisfies MessageDefinition<DeadLetterPayload>,
} as const;

const ALL_MESSAGES: readonly MessageDefinition<object>[] = Object.values(Messages);

/** The message kind a subject carries, or undefined for a subject nobody defined. */
export function messageForSubject(subject: string): MessageDefinition<object> | undefined {
  return ALL_MESSAGES.find((definition) => definition.matches(subject));
}
