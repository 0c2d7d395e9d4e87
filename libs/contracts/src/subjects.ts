/**
 * Every NATS subject, JetStream stream and durable consumer name of the system lives here, and only here.
 * Names carry a version: a breaking change to a message adds a `.v2` subject beside the `.v1` one.
 */

export const NETBOX_EVENT_SUBJECT_PREFIX = 'netbox.event';
export const ZABBIX_JOB_SUBJECT_PREFIX = 'zabbix.job';
export const ZABBIX_RESULT_SUBJECT_PREFIX = 'zabbix.result';
export const DEAD_LETTER_SUBJECT_PREFIX = 'dlq';

export const Subjects = {
  /** All NetBox events, whatever the object type and action. */
  netboxEventsAll: `${NETBOX_EVENT_SUBJECT_PREFIX}.>`,
  hostUpsertJob: `${ZABBIX_JOB_SUBJECT_PREFIX}.host-upsert.v1`,
  hostDeleteJob: `${ZABBIX_JOB_SUBJECT_PREFIX}.host-delete.v1`,
  zabbixJobsAll: `${ZABBIX_JOB_SUBJECT_PREFIX}.>`,
  jobResult: `${ZABBIX_RESULT_SUBJECT_PREFIX}.job.v1`,
  zabbixResultsAll: `${ZABBIX_RESULT_SUBJECT_PREFIX}.>`,
  deadLettersAll: `${DEAD_LETTER_SUBJECT_PREFIX}.>`,
  /** Dead letters of Zabbix jobs: the scheduler fails those jobs so their hosts are not blocked. */
  deadJobsAll: `${DEAD_LETTER_SUBJECT_PREFIX}.${ZABBIX_JOB_SUBJECT_PREFIX}.>`,
} as const;

/** `netbox.event.dcim.device.created.v1`: one subject per NetBox object type and action. */
export function netboxEventSubject(objectType: string, action: string): string {
  return `${NETBOX_EVENT_SUBJECT_PREFIX}.${objectType}.${action}.v1`;
}

/** Where a poison or exhausted message is recorded: `dlq.<original subject>`. */
export function deadLetterSubject(originalSubject: string): string {
  return `${DEAD_LETTER_SUBJECT_PREFIX}.${originalSubject}`;
}

export type RetentionKind = 'limits' | 'workqueue';

export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: RetentionKind;
  /** Maximum age of a stored message, in milliseconds (0 = unlimited). */
  readonly maxAgeMs: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped, in milliseconds. */
  readonly duplicateWindowMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const Streams = {
  netboxEvents: {
    name: 'NBZB_NETBOX_EVENTS_V1',
    subjects: [Subjects.netboxEventsAll],
    retention: 'limits',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 15 * MINUTE,
  },
  zabbixJobs: {
    name: 'NBZB_ZABBIX_JOBS_V1',
    subjects: [Subjects.zabbixJobsAll],
    retention: 'workqueue',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 15 * MINUTE,
  },
  zabbixResults: {
    name: 'NBZB_ZABBIX_RESULTS_V1',
    subjects: [Subjects.zabbixResultsAll],
    retention: 'limits',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 15 * MINUTE,
  },
  deadLetters: {
    name: 'NBZB_DEAD_LETTERS_V1',
    subjects: [Subjects.deadLettersAll],
    retention: 'limits',
    maxAgeMs: 30 * DAY,
    duplicateWindowMs: 2 * MINUTE,
  },
} as const satisfies Record<string, StreamSpec>;

export interface ConsumerSpec {
  readonly stream: StreamSpec;
  readonly durable: string;
  readonly filterSubject: string;
  /** How long a delivered message may go without ack or in-progress signal before redelivery. */
  readonly ackWaitMs: number;
  /** Most messages handed out and not yet acknowledged, across all replicas. */
  readonly maxAckPending: number;
  /**
   * How many deliveries a retryable failure gets before it is dead-lettered. The server-side limit stays
   * unlimited: on NATS 2.9 an exhausted message would otherwise sit in a work queue for good.
   */
  readonly maxAttempts: number;
}

export const Consumers = {
  schedulerNetboxEvents: {
    stream: Streams.netboxEvents,
    durable: 'scheduler-netbox-events-v1',
    filterSubject: Subjects.netboxEventsAll,
    ackWaitMs: 30_000,
    maxAckPending: 256,
    maxAttempts: 20,
  },
  writerZabbixJobs: {
    stream: Streams.zabbixJobs,
    durable: 'zabbix-writer-jobs-v1',
    filterSubject: Subjects.zabbixJobsAll,
    ackWaitMs: 30_000,
    maxAckPending: 1_000,
    maxAttempts: 8,
  },
  schedulerDeadJobs: {
    stream: Streams.deadLetters,
    durable: 'scheduler-dead-jobs-v1',
    filterSubject: Subjects.deadJobsAll,
    ackWaitMs: 30_000,
    maxAckPending: 100,
    maxAttempts: 20,
  },
  schedulerJobResults: {
    stream: Streams.zabbixResults,
    durable: 'scheduler-job-results-v1',
    filterSubject: Subjects.zabbixResultsAll,
    ackWaitMs: 30_000,
    maxAckPending: 1_000,
    maxAttempts: 20,
  },
} as const satisfies Record<string, ConsumerSpec>;
