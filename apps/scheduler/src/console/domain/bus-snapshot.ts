/**
 * The console's bus page, read from NATS's HTTP monitoring endpoint (`/jsz?consumers=true`, `/connz`): each
 * stream with its consumers (pending = backlog, ack pending = in flight, redelivered = retries), the
 * dead-letter stream's count (permanent failures), and each connected client by name. Pure: the service
 * fetches the JSON, these functions read it, tolerating fields a server version leaves out.
 */

export interface BusConsumer {
  readonly name: string;
  /** Messages not yet delivered to the consumer: its backlog. */
  readonly pending: number;
  /** Delivered, not yet acknowledged: work in flight. */
  readonly ackPending: number;
  /** Delivered more than once: retries. */
  readonly redelivered: number;
  /** Pull requests waiting for messages (idle replicas). */
  readonly waiting: number;
}

export interface BusStream {
  readonly name: string;
  readonly messages: number;
  readonly bytes: number;
  readonly firstSequence: number;
  readonly lastSequence: number;
  /** The stream dead letters go to: its message count is the permanent failures kept. */
  readonly deadLetters: boolean;
  readonly consumers: readonly BusConsumer[];
}

export interface BusConnection {
  readonly cid: number;
  /** The name the client gave (`<app>-<host>-<pid>`); null when it gave none. */
  readonly name: string | null;
  readonly address: string;
  readonly lang: string;
  readonly version: string;
  readonly subscriptions: number;
  readonly inMessages: number;
  readonly outMessages: number;
  readonly pendingBytes: number;
  readonly uptime: string;
  readonly idle: string;
}

export interface BusSnapshot {
  readonly available: true;
  /** Where the scheduler read it (scheme, host and port only). */
  readonly monitorUrl: string;
  readonly serverId: string;
  readonly readAt: string;
  readonly streams: readonly BusStream[];
  /** The dead-letter stream's messages; null when the server has no such stream (yet). */
  readonly deadLetters: { readonly stream: string; readonly messages: number } | null;
  readonly connections: readonly BusConnection[];
  /** Connections the server has, when more than it listed. */
  readonly totalConnections: number;
}

export interface BusUnavailable {
  readonly available: false;
  readonly monitorUrl: string;
  /** What went wrong, e.g. `connect ECONNREFUSED 127.0.0.1:8222`. */
  readonly reason: string;
  /** How to give the server a monitoring port. */
  readonly hint: string;
}

export type BusPage = BusSnapshot | BusUnavailable;

/** NATS's conventional monitoring port. */
export const DEFAULT_MONITOR_PORT = 8222;

export const MONITORING_HINT =
  'NATS serves /jsz and /connz only with its monitoring port: start the server with ' +
  '`nats-server -js -m 8222` (or `http_port: 8222` in its configuration file), and set NATS_MONITOR_URL ' +
  'on the scheduler when it is not port 8222 of the NATS host.';

/**
 * The monitoring endpoint to read: NATS_MONITOR_URL when set, otherwise port 8222 on the host of the first
 * NATS_URL server. Only scheme, host and port are kept (never credentials a URL might carry).
 */
export function monitorUrlFor(natsUrls: string, configured: string | undefined): string {
  if (configured) {
    const url = new URL(configured);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  }
  const first = natsUrls.split(',')[0] ?? '';
  const server = new URL(first.replace(/^(nats|tls):/, 'http:'));
  // `hostname` keeps an IPv6 address in brackets.
  return `http://${server.hostname}:${DEFAULT_MONITOR_PORT}`;
}

/** Streams and consumers from `/jsz?consumers=true`, sorted by name; `deadLetterStream` is marked. */
export function readStreams(jsz: unknown, deadLetterStream: string): BusStream[] {
  const accounts = arrayOf(record(jsz).account_details);
  const streams = accounts.flatMap((account) => arrayOf(record(account).stream_detail));
  return streams
    .map((value): BusStream => {
      const stream = record(value);
      const state = record(stream.state);
      const name = text(stream.name);
      return {
        name,
        messages: count(state.messages),
        bytes: count(state.bytes),
        firstSequence: count(state.first_seq),
        lastSequence: count(state.last_seq),
        deadLetters: name === deadLetterStream,
        consumers: arrayOf(stream.consumer_detail)
          .map((consumerValue): BusConsumer => {
            const consumer = record(consumerValue);
            return {
              name: text(consumer.name),
              pending: count(consumer.num_pending),
              ackPending: count(consumer.num_ack_pending),
              redelivered: count(consumer.num_redelivered),
              waiting: count(consumer.num_waiting),
            };
          })
          .sort(byName),
      };
    })
    .sort(byName);
}

/** Client connections from `/connz`, by connection id. */
export function readConnections(connz: unknown): { connections: BusConnection[]; total: number } {
  const body = record(connz);
  const connections = arrayOf(body.connections)
    .map((value): BusConnection => {
      const connection = record(value);
      const name = text(connection.name);
      return {
        cid: count(connection.cid),
        name: name === '' ? null : name,
        address: `${text(connection.ip)}:${count(connection.port)}`,
        lang: text(connection.lang),
        version: text(connection.version),
        subscriptions: count(connection.subscriptions),
        inMessages: count(connection.in_msgs),
        outMessages: count(connection.out_msgs),
        pendingBytes: count(connection.pending_bytes),
        uptime: text(connection.uptime),
        idle: text(connection.idle),
      };
    })
    .sort((left, right) => left.cid - right.cid);
  return { connections, total: Math.max(count(body.total), connections.length) };
}

/** The whole page from the two monitoring answers. */
export function busSnapshot(input: {
  readonly monitorUrl: string;
  readonly jsz: unknown;
  readonly connz: unknown;
  readonly deadLetterStream: string;
  readonly readAt: Date;
}): BusSnapshot {
  const streams = readStreams(input.jsz, input.deadLetterStream);
  const { connections, total } = readConnections(input.connz);
  const deadLetters = streams.find((stream) => stream.deadLetters);
  return {
    available: true,
    monitorUrl: input.monitorUrl,
    serverId: text(record(input.jsz).server_id),
    readAt: input.readAt.toISOString(),
    streams,
    deadLetters: deadLetters ? { stream: deadLetters.name, messages: deadLetters.messages } : null,
    connections,
    totalConnections: total,
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function byName(left: { readonly name: string }, right: { readonly name: string }): number {
  return left.name.localeCompare(right.name);
}
