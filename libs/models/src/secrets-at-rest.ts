import { type ValueTransformer } from 'typeorm';
import { SecretBox } from '@lib/config';
import {
  jobSecretsContext,
  joinHostSecrets,
  splitHostSecrets,
  type DesiredHost,
  type HostSecrets,
} from '@lib/contracts';

/**
 * Secrets at rest: the columns holding PSKs and SNMP passphrases, and the secrets inside a host config's
 * desired state, are stored sealed (`enc:v1:<key id>:…`, AES-256-GCM, see SecretBox) and read back in
 * clear. The box is the process's secrets key, installed once at boot (`useSecretsAtRest`) before the data
 * source is used; column transformers are static, hence one per process. Writing a secret without a key
 * installed fails rather than store it in clear. Plain values (rows written before, column defaults such as
 * `{$SNMPV3_AUTHPASS}`) read as they are; `resealSecretsAtRest` seals them with the current key.
 */
let installed: SecretBox | undefined;

export function useSecretsAtRest(box: SecretBox): void {
  installed = box;
}

export function secretsAtRestInstalled(): boolean {
  return installed !== undefined;
}

function box(): SecretBox {
  if (!installed) {
    throw new Error('secrets at rest: no secrets key installed (SECRETS_KEY or SECRETS_KEY_FILE)');
  }
  return installed;
}

/** A secret column (`table.column` is the sealing context, so a value cannot be moved to another column). */
export function secretColumn(context: string): ValueTransformer {
  return {
    to: (value: string | null | undefined) =>
      value === null || value === undefined || SecretBox.isSealed(value) ? value : box().seal(value, context),
    from: (value: string | null) =>
      value === null || !SecretBox.isSealed(value) ? value : box().open(value, context),
  };
}

const DESIRED_STATE_CONTEXT = 'host_config.desired_state';

/** A desired state as stored: secrets out of the host, sealed together under `sealedSecrets`. */
type StoredDesiredHost = DesiredHost & { sealedSecrets?: string };

export function sealDesiredState(
  desired: DesiredHost | null | undefined,
): StoredDesiredHost | null | undefined {
  if (desired === null || desired === undefined) return desired;
  const { visible, secrets } = splitHostSecrets(desired);
  if (!secrets) return visible;
  return { ...visible, sealedSecrets: box().seal(JSON.stringify(secrets), DESIRED_STATE_CONTEXT) };
}

export function openDesiredState(stored: StoredDesiredHost | null): DesiredHost | null {
  if (stored === null || stored.sealedSecrets === undefined) return stored;
  const { sealedSecrets, ...visible } = stored;
  return joinHostSecrets(
    visible,
    JSON.parse(box().open(sealedSecrets, DESIRED_STATE_CONTEXT)) as HostSecrets,
  );
}

/** `host_config.desired_state`: the desired host in clear in memory, its secrets sealed in the row. */
export const DESIRED_STATE_AT_REST: ValueTransformer = { to: sealDesiredState, from: openDesiredState };

/**
 * A job's secrets as its row and its message carry them (`sealedSecrets`), bound to the job id: the writer
 * opens them with the same key just before the Zabbix call.
 */
export function sealJobSecrets(secrets: HostSecrets, jobId: string): string {
  return box().seal(JSON.stringify(secrets), jobSecretsContext(jobId));
}

/** Every secret column: table, primary key, column. */
export const SECRET_COLUMNS = [
  ['settings', 'tls_psk'],
  ['settings', 'snmp_authpassphrase'],
  ['settings', 'snmp_privpassphrase'],
  ['settings', 'snmp_community'],
  ['proxy', 'tls_psk'],
  ['snmp_interface', 'community'],
  ['snmp_interface', 'authpassphrase'],
  ['snmp_interface', 'privpassphrase'],
] as const;

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Seals every secret stored in clear, and re-seals those sealed with an earlier key, with the current key:
 * run by the migration that introduced sealing and at every scheduler start (so a rotated key takes over the
 * rows). A row changed since it was read is left to its writer, who sealed it. Returns how many values it
 * looked at. Needs the box installed only when there is something to seal.
 */
export async function resealSecretsAtRest(query: Query, batchSize = 500): Promise<number> {
  const current = installed?.currentKeyId;
  const stale = (value: string): boolean => SecretBox.keyIdOf(value) !== current;
  let rewritten = 0;
  for (const [table, column] of SECRET_COLUMNS) {
    const rows = (await query(
      `SELECT "id", "${column}" AS "value" FROM "${table}" WHERE "${column}" IS NOT NULL`,
    )) as {
      id: number;
      value: string;
    }[];
    const context = `${table}.${column}`;
    const transformer = secretColumn(context);
    for (const row of rows.filter((candidate) => stale(candidate.value))) {
      const plain = transformer.from(row.value) as string;
      // Only if unchanged since read: a row written meanwhile was sealed by its writer.
      await query(`UPDATE "${table}" SET "${column}" = $1 WHERE "id" = $2 AND "${column}" = $3`, [
        box().seal(plain, context),
        row.id,
        row.value,
      ]);
      rewritten += 1;
    }
  }
  let afterId = 0;
  for (;;) {
    const rows = (await query(
      `SELECT "id", "desired_state" AS "state" FROM "host_config"
       WHERE "id" > $1 AND "desired_state" IS NOT NULL
         AND ("desired_state" ? 'tlsPsk'
              OR "desired_state"::text ~ '"(community|authPassphrase|privPassphrase)":'
              OR ("desired_state" ? 'sealedSecrets' AND "desired_state"->>'sealedSecrets' NOT LIKE $2))
       ORDER BY "id" LIMIT $3`,
      [afterId, `enc:v1:${current ?? '-'}:%`, batchSize],
    )) as { id: number; state: StoredDesiredHost }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const stored = sealDesiredState(openDesiredState(row.state));
      await query(
        `UPDATE "host_config" SET "desired_state" = $1 WHERE "id" = $2 AND "desired_state" = $3::jsonb`,
        [JSON.stringify(stored), row.id, JSON.stringify(row.state)],
      );
      rewritten += 1;
      afterId = row.id;
    }
  }
  return rewritten;
}
