import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** NATS connection, shared by all apps. */
export class NatsConfig {
  @Matches(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/)
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * Copies JetStream keeps of every stream (and so of its consumers) in a NATS cluster: 3 survives the loss
   * of one server. Set it on the app that manages the topology (the scheduler), or on every app alike. 0
   * (the default): a stream is created with 1 copy and an existing stream keeps its count. More than 1
   * needs a NATS cluster of at least that many servers.
   */
  @IsInt()
  @Min(0)
  @Max(5)
  NATS_REPLICAS = 0;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'log';

  /** NATS user and password (with NATS_PASSWORD). Never logged. */
  @IsOptional()
  @IsString()
  NATS_USER?: string = undefined;

  @IsOptional()
  @IsString()
  NATS_PASSWORD?: string = undefined;

  /** NATS token (instead of a user). Never logged. */
  @IsOptional()
  @IsString()
  NATS_TOKEN?: string = undefined;

  /** A NATS credentials file (JWT and nkey seed, `nsc generate creds`), instead of a user or token. */
  @IsOptional()
  @IsString()
  NATS_CREDS_FILE?: string = undefined;

  /** `json` (one JSON object per line, for log collectors) or `pretty` (coloured text, for development). */
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'json';
}

/**
 * The key that seals secrets (PSKs, SNMP passphrases) in job messages and at rest: SECRETS_KEY or
 * SECRETS_KEY_FILE is required by the scheduler and the writers (`loadSecretBox` checks it at boot).
 */
export class SecretsConfig extends NatsConfig {
  /** 32 bytes, 64 hex digits or base64. Never logged. */
  @IsOptional()
  @IsString()
  SECRETS_KEY?: string = undefined;

  /** A file holding the key (first line); further lines are earlier keys, still opened. */
  @IsOptional()
  @IsString()
  SECRETS_KEY_FILE?: string = undefined;

  /** Earlier keys, comma-separated: values they sealed still open, new values use the current key. */
  @IsOptional()
  @IsString()
  SECRETS_PREVIOUS_KEYS?: string = undefined;
}

/**
 * The Zabbix API connection: the writer's, and the scheduler's for its system jobs (imports, maintenance
 * cleanup).
 */
export class ZabbixConfig extends SecretsConfig {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ZABBIX_URL = 'http://127.0.0.1:8081/api_jsonrpc.php';

  /** API token (preferred). Never logged. */
  @IsOptional()
  @IsString()
  ZABBIX_API_TOKEN?: string = undefined;

  @IsOptional()
  @IsString()
  ZABBIX_USER?: string = 'Admin';

  /** Never logged. */
  @IsOptional()
  @IsString()
  ZABBIX_PASSWORD?: string = 'zabbix';

  @IsInt()
  @Min(100)
  ZABBIX_TIMEOUT_MS = 15_000;
}

/** PostgreSQL, owned by the scheduler alone; the scheduler also reads Zabbix for its system jobs. */
export class DatabaseConfig extends ZabbixConfig {
  @Matches(/^postgres(ql)?:\/\//)
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/netbox_zabbix_bridge';
}

export class IngesterConfig extends NatsConfig {
  @IsString()
  INGESTER_HOST = '0.0.0.0';

  @IsInt()
  @Min(1)
  @Max(65535)
  INGESTER_PORT = 8080;

  /** When set, `X-Hook-Signature` is required on every webhook. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  WEBHOOK_SECRET?: string = undefined;

  /**
   * Where webhooks may come from: comma-separated IPv4/IPv6 networks (CIDR) or addresses; others get 403.
   * Unset: any source (the signature still applies).
   */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_NETWORKS?: string = undefined;

  /**
   * Reverse proxies (networks or addresses) whose X-Forwarded-For is believed when checking the source;
   * without them the header is ignored.
   */
  @IsOptional()
  @IsString()
  WEBHOOK_TRUSTED_PROXIES?: string = undefined;

  @IsInt()
  @Min(1024)
  WEBHOOK_MAX_BODY_BYTES = 1_048_576;

  /** How long a webhook waits for JetStream to store its event before answering 503. */
  @IsInt()
  @Min(100)
  PUBLISH_TIMEOUT_MS = 5_000;
}

export class SchedulerConfig extends DatabaseConfig {
  @IsString()
  SCHEDULER_HOST = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  SCHEDULER_PORT = 8090;

  /**
   * Bearer tokens of the management API: `name:ro:<token>,name2:rw:<token>` (ro: GET only). Parsed and
   * checked at boot (loadApiTokens); without any, the API is open and allowed on a loopback address only.
   * Never logged.
   */
  @IsOptional()
  @IsString()
  API_TOKENS?: string = undefined;

  /** A file of the same entries, one per line (`#` comments); used with API_TOKENS when both are set. */
  @IsOptional()
  @IsString()
  API_TOKENS_FILE?: string = undefined;

  /** Comma-separated host group names of the default device mapping created on first start. */
  @IsString()
  DEFAULT_DEVICE_HOST_GROUPS = 'NetBox';

  @IsString()
  DEFAULT_DEVICE_TEMPLATES = 'ICMP Ping';

  @IsString()
  DEFAULT_VM_HOST_GROUPS = 'NetBox';

  @IsString()
  DEFAULT_VM_TEMPLATES = 'ICMP Ping';

  /**
   * NetBox's base URL. When set, events are triggers: the scheduler re-reads devices and VMs from NetBox, so
   * IP, interface, site, role, platform, tag and custom field changes reach Zabbix, and events arriving
   * late or twice converge on NetBox's current state. When unset, only device/VM events are followed, from
   * the webhook's own data.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  NETBOX_URL?: string = undefined;

  /** NetBox API token (read-only is enough): `Token` v1 or `nbt_…` v2. Never logged. */
  @IsOptional()
  @IsString()
  NETBOX_TOKEN?: string = undefined;

  @IsInt()
  @Min(100)
  NETBOX_TIMEOUT_MS = 10_000;

  @IsInt()
  @Min(1)
  @Max(1000)
  NETBOX_PAGE_SIZE = 500;

  /**
   * NATS's HTTP monitoring endpoint (`nats-server -m 8222`), read by the operator console's bus page
   * (`/jsz`, `/connz`). Unset: port 8222 on the host of the first NATS_URL server.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  NATS_MONITOR_URL?: string = undefined;

  /**
   * Settle window: after a job for a host, the next one waits until edits to that host have been quiet for
   * this long, so a burst of edits makes at most two Zabbix writes. 0 sends follow-ups at once.
   */
  @IsInt()
  @Min(0)
  COALESCE_WINDOW_MS = 1_000;

  /** The longest a follow-up job is held back while edits keep coming. */
  @IsInt()
  @Min(0)
  COALESCE_MAX_WAIT_MS = 15_000;

  /** How long settings and mappings are cached between reads (0: read them for every event). */
  @IsInt()
  @Min(0)
  SETTINGS_CACHE_MS = 5_000;

  /**
   * Most host changes planned in one transaction. Changes from events handled at the same time are planned
   * together (an isolated change alone, at once); fan-outs and syncs go in batches of this size.
   */
  @IsInt()
  @Min(1)
  @Max(1_000)
  PLAN_BATCH_SIZE = 200;

  /** NetBox events the scheduler handles at once (each may re-read NetBox); their changes are batched. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  EVENT_CONCURRENCY = 32;

  /** How often the mappings and settings are compared with those last re-planned (a change re-plans hosts). */
  @IsInt()
  @Min(1_000)
  RULES_CHECK_INTERVAL_MS = 10_000;

  /** How often jobs that were stored but not yet published are (re)published. */
  @IsInt()
  @Min(100)
  OUTBOX_INTERVAL_MS = 2_000;

  /**
   * A job with no sign of life (published, started, or a writer's heartbeat) for this long is reaped: its
   * message is taken off the queue and a fresh job retries it. Keep it well above the writers'
   * JOB_HEARTBEAT_MS. A job still queued behind others is left alone.
   */
  @IsInt()
  @Min(1_000)
  JOB_DEADLINE_MS = 300_000;

  /** How often the reaper looks for jobs past their deadline. */
  @IsInt()
  @Min(100)
  REAPER_INTERVAL_MS = 30_000;

  /**
   * A job that failed for a reason that may pass (attempts ran out on a timeout, the deadline, an outage)
   * is retried this many times, after a delay doubling from JOB_RETRY_BASE_MS up to JOB_RETRY_MAX_MS, with
   * jitter. Then it stays failed (visible) until the host's next change or sync. 0: no retries.
   */
  @IsInt()
  @Min(0)
  @Max(100)
  JOB_RETRY_LIMIT = 5;

  @IsInt()
  @Min(100)
  JOB_RETRY_BASE_MS = 30_000;

  @IsInt()
  @Min(100)
  JOB_RETRY_MAX_MS = 1_800_000;

  /** Finished job rows (completed or failed, dead letters included) are deleted after this many days. */
  @IsInt()
  @Min(1)
  JOB_RETENTION_DAYS = 30;

  /** Event log rows are deleted after this many days. */
  @IsInt()
  @Min(1)
  EVENT_LOG_RETENTION_DAYS = 30;

  /** How often old job and event log rows are pruned. */
  @IsInt()
  @Min(1_000)
  RETENTION_INTERVAL_MS = 3_600_000;

  /**
   * How often each scheduler looks for due system jobs (Zabbix import, maintenance cleanup, …) and for
   * interval changes in the settings. Intervals themselves are minutes, in the settings table.
   */
  @IsInt()
  @Min(100)
  SYSTEM_JOB_TICK_MS = 10_000;

  /**
   * NetBox's change log is read up to the newest change older than this: a webhook still on its way for a
   * younger change is not counted as lost (the change is read at the next poll). Allow for clock skew.
   */
  @IsInt()
  @Min(0)
  NETBOX_CHANGE_LOG_SETTLE_MS = 10_000;

  /**
   * While a system job runs, its scheduler records a sign of life this often; a system job silent for
   * JOB_DEADLINE_MS (its scheduler died) is failed by the reaper. Keep it well below JOB_DEADLINE_MS.
   */
  @IsInt()
  @Min(100)
  SYSTEM_JOB_HEARTBEAT_MS = 30_000;
}

export class WriterConfig extends ZabbixConfig {
  /** Address of the writer's probes and /metrics (no other HTTP). */
  @IsString()
  WRITER_HTTP_HOST = '127.0.0.1';

  /** Port of GET /healthz, /readyz and /metrics; 0 takes any free port (several writers on one machine). */
  @IsInt()
  @Min(0)
  @Max(65535)
  WRITER_HTTP_PORT = 8091;

  /**
   * Job messages one writer replica holds at once. Upsert jobs in hand are written in batches of up to
   * WRITER_BATCH_SIZE, so keep it well above that for batches to fill during a bulk load.
   */
  @IsInt()
  @Min(1)
  @Max(5_000)
  WRITER_CONCURRENCY = 250;

  /** The most upsert jobs written together: one host.create array, one host.get per look-up. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  WRITER_BATCH_SIZE = 100;

  /**
   * How long the first upsert job of a batch waits for others to join it (ms). 0: the batch goes as soon as
   * the jobs already received are in. A full batch goes at once.
   */
  @IsInt()
  @Min(0)
  @Max(1_000)
  WRITER_BATCH_LINGER_MS = 5;

  /**
   * Upsert batches one writer runs at once. Jobs arriving meanwhile wait and go out together when one ends:
   * a lone job still goes at once, a bulk load sends full host.create arrays rather than many small ones.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  WRITER_BATCHES_IN_FLIGHT = 2;

  /** How long host group, template and proxy ids are reused by name (ms; 0: read for every batch). */
  @IsInt()
  @Min(0)
  @Max(600_000)
  WRITER_REFERENCE_CACHE_MS = 10_000;

  /** Zabbix API calls one writer replica has in flight at once (Zabbix saturates 2 cores at about 4). */
  @IsInt()
  @Min(1)
  @Max(64)
  ZABBIX_MAX_CONCURRENT_CALLS = 4;

  @IsOptional()
  @IsString()
  WRITER_ID?: string = undefined;

  /**
   * While a writer holds a job it reports a sign of life this often, so the scheduler's reaper (JOB_DEADLINE_MS)
   * leaves it alone, also while the job waits out a Zabbix outage.
   */
  @IsInt()
  @Min(100)
  JOB_HEARTBEAT_MS = 60_000;

  /**
   * While Zabbix is unreachable, work pauses and one call probes it, at intervals doubling from one second
   * up to this. No job attempt is spent on the outage.
   */
  @IsInt()
  @Min(100)
  ZABBIX_OUTAGE_PROBE_MAX_MS = 30_000;
}
