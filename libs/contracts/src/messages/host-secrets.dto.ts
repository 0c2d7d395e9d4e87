import { plainToInstance } from 'class-transformer';
import { IsArray, IsOptional, IsString, Matches, validateSync } from 'class-validator';
import { type DesiredHost, type DesiredInterface, type DesiredSnmpDetails } from './desired-host.dto';

/** The secret fields of one SNMP interface. */
export class SnmpSecrets {
  @IsOptional()
  @IsString()
  community?: string;

  @IsOptional()
  @IsString()
  authPassphrase?: string;

  @IsOptional()
  @IsString()
  privPassphrase?: string;
}

/**
 * The secrets of a desired host, taken out of it before it travels or is shown: the PSK and, per interface
 * (same order as `interfaces`, null where there are none), the SNMP community and passphrases. Jobs carry
 * them sealed (`sealedSecrets`); the writer opens them just before the Zabbix call.
 */
export class HostSecrets {
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{2}){16,256}$/)
  tlsPsk?: string;

  /** Null where an interface has none: each other element is checked as SnmpSecrets (see `hostSecretsProblems`). */
  @IsArray()
  interfaces!: (SnmpSecrets | null)[];
}

/** What a job's `sealedSecrets` are bound to: they open only for that job. */
export function jobSecretsContext(jobId: string): string {
  return `job:${jobId}`;
}

/** The fields of secrets that are not what they should be (none: valid). */
export function hostSecretsProblems(plain: unknown): string[] {
  const secrets = plainToInstance(HostSecrets, plain);
  const problems = validateSync(secrets, { forbidUnknownValues: true }).map((error) => error.property);
  if (problems.length > 0 || !Array.isArray(secrets.interfaces)) return problems;
  secrets.interfaces.forEach((candidate, index) => {
    if (candidate === null) return;
    const errors =
      typeof candidate === 'object'
        ? validateSync(plainToInstance(SnmpSecrets, candidate), { forbidUnknownValues: true })
        : [];
    if (typeof candidate !== 'object' || errors.length > 0) problems.push(`interfaces.${index}`);
  });
  return problems;
}

const SNMP_SECRET_FIELDS = ['community', 'authPassphrase', 'privPassphrase'] as const;

/**
 * Splits a desired host into what may be shown, stored in clear and sent in clear (`visible`), and its
 * secrets (null when it has none).
 */
export function splitHostSecrets(desired: DesiredHost): {
  visible: DesiredHost;
  secrets: HostSecrets | null;
} {
  const { tlsPsk, ...rest } = desired;
  let found = tlsPsk !== undefined;
  const interfaceSecrets: (SnmpSecrets | null)[] = [];
  const interfaces = desired.interfaces.map((candidate): DesiredInterface => {
    if (!candidate.snmp) {
      interfaceSecrets.push(null);
      return candidate;
    }
    const snmp: DesiredSnmpDetails = { ...candidate.snmp };
    const secrets: SnmpSecrets = {};
    for (const field of SNMP_SECRET_FIELDS) {
      const value = snmp[field];
      if (value === undefined) continue;
      secrets[field] = value;
      delete snmp[field];
      found = true;
    }
    interfaceSecrets.push(Object.keys(secrets).length > 0 ? secrets : null);
    return { ...candidate, snmp };
  });
  const visible: DesiredHost = { ...rest, interfaces };
  if (!found) return { visible, secrets: null };
  return {
    visible,
    secrets: { ...(tlsPsk !== undefined ? { tlsPsk } : {}), interfaces: interfaceSecrets },
  };
}

/** The desired host with its secrets put back (the inverse of `splitHostSecrets`). */
export function joinHostSecrets(visible: DesiredHost, secrets: HostSecrets | null): DesiredHost {
  if (!secrets) return visible;
  return {
    ...visible,
    ...(secrets.tlsPsk !== undefined ? { tlsPsk: secrets.tlsPsk } : {}),
    interfaces: visible.interfaces.map((candidate, index) => {
      const snmpSecrets = secrets.interfaces[index];
      if (!candidate.snmp || !snmpSecrets) return candidate;
      return { ...candidate, snmp: { ...candidate.snmp, ...snmpSecrets } };
    }),
  };
}

/** A desired host as the API shows it: no PSK, no SNMP community or passphrase. */
export function withoutHostSecrets(desired: DesiredHost): DesiredHost {
  return splitHostSecrets(desired).visible;
}
