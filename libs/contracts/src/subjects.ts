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
  hostCheckJob: `${ZABBIX_JOB_SUBJECT_PREFIX}.host-check.v1`,
  maintenanceJob: `${ZABBIX_JOB_SUBJECT_PREFIX}.maintenance.v1`,
  zabbixJobsAll: `${ZABBIX_JOB_SUBJECT_PREFIX}.>`,
  jobResult: `${ZABBIX_RESULT_SUBJECT_PREFIX}.job.v1`,
  zabbixResultsAll: `${ZABBIX_RESULT_SUBJECT_PREFIX}.>`,
  deadLettersAll: `${DEAD_LETTER_SUBJECT_PREFIX}.>`,
} as const;

/** `netbox.event.dcim.device.created.v1`: one subject per NetBox object type and action. */
export function netboxEventSubject(objectType: string, action: string): string {
  return `${NETBOX_EVENT_SUBJECT_PREFIX}.${objectType}.${action}.v1`;
}

/** Where a poison or exhausted message is recorded: `dlq.<original subject>`. */
export function deadLetterSubject(originalSubject: string): string {
  return `${DEAD_LETTER_SUBJECT_PREFIX}.${originalSubject}`;
}

/**
 * The NATS service API (ADR-32, what `nats micro list|info|stats` ask): every app answers
 * `$SRV.<verb>`, `$SRV.<verb>.<service name>` and `$SRV.<verb>.<service name>.<instance id>`.
 */
export const SERVICE_API_PREFIX = '$SRV';
export const SERVICE_API_VERBS = ['PING', 'INFO', 'STATS'] as const;
export type ServiceApiVerb = (typeof SERVICE_API_VERBS)[number];

/** The three subjects one service instance answers for `verb`. */
export function serviceApiSubjects(verb: ServiceApiVerb, name: string, id: string): string[] {
  return [
    `${SERVICE_API_PREFIX}.${verb}`,
    `${SERVICE_API_PREFIX}.${verb}.${name}`,
    `${SERVICE_API_PREFIX}.${verb}.${name}.${id}`,
  ];
}

export type RetentionKind = 'limits' | 'workqueue';

/** What a full stream does: `new` refuses the publish (the producer keeps it and retries), `old` drops the oldest. */
export type DiscardKind = 'old' | 'new';

export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: RetentionKind;
  /** Maximum age of a stored message, in milliseconds (0 = unlimited). */
  readonly maxAgeMs: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped, in milliseconds. */
  readonly duplicateWindowMs: number;
  /** Most messages and bytes kept; every stream is bounded. */
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly discard: DiscardKind;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const GIB = 1024 ** 3;

export const Streams = {
  /** A full events stream refuses new webhooks (503) rather than drop an accepted event not yet handled. */
  netboxEvents: {
    name: 'NBZB_NETBOX_EVENTS_V1',
    subjects: [Subjects.netboxEventsAll],
    retention: 'limits',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 15 * MINUTE,
    maxMessages: 5_000_000,
    maxBytes: 5 * GIB,
    discard: 'new',
  },
  /** A full jobs queue refuses new jobs: their rows stay unpublished and the outbox sends them later. */
  zabbixJobs: {
    name: 'NBZB_ZABBIX_JOBS_V1',
    subjects: [Subjects.zabbixJobsAll],
    retention: 'workqueue',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 15 * MINUTE,
    maxMessages: 1_000_000,
    maxBytes: 4 * GIB,
    discard: 'new',
  },
  /**
   * Results are applied within seconds; a full stream drops the oldest rather than stop writers reporting
   * (a job whose result was lost is found by the reaper and retried).
   */
  zabbixResults: {
    name: 'NBZB_ZABBIX_RESULTS_V1',
    subjects: [Subjects.zabbixResultsAll],
    retention: 'limits',
    maxAgeMs: 1 * DAY,
    duplicateWindowMs: 15 * MINUTE,
    maxMessages: 2_000_000,
    maxBytes: 2 * GIB,
    discard: 'old',
  },
  /** Every dead letter is also a failed job row; the stream keeps the bodies for a while, for replay. */
  deadLetters: {
    name: 'NBZB_DEAD_LETTERS_V1',
    subjects: [Subjects.deadLettersAll],
    retention: 'limits',
    maxAgeMs: 30 * DAY,
    duplicateWindowMs: 2 * MINUTE,
    maxMessages: 100_000,
    maxBytes: 1 * GIB,
    discard: 'old',
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
  /** Every dead letter: the scheduler turns each into a visible failed job (and frees a host behind it). */
  schedulerDeadLetters: {
    stream: Streams.deadLetters,
    durable: 'scheduler-dead-letters-v1',
    filterSubject: Subjects.deadLettersAll,
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

/**
 * Durable consumers an earlier version created and this one no longer reads: removed at boot, so they do
 * not hold messages or show a backlog nobody works on.
 */
export const RetiredConsumers: readonly { readonly stream: string; readonly durable: string }[] = [
  // Read only dead jobs; scheduler-dead-letters-v1 reads every dead letter.
  { stream: Streams.deadLetters.name, durable: 'scheduler-dead-jobs-v1' },
];
