import { type EntityManager } from 'typeorm';
import { Settings } from '../entities/settings.entity';

/** Settings fields that hold secrets: write-only through the API, never read back out of the row by it. */
export const SETTINGS_SECRET_FIELDS = [
  'tlsPsk',
  'snmpAuthpassphrase',
  'snmpPrivpassphrase',
  'snmpCommunity',
] as const;
export type SettingsSecretField = (typeof SETTINGS_SECRET_FIELDS)[number];

/** The settings row without its secrets, and which secrets are set. */
export interface SettingsRecord {
  readonly settings: Omit<Settings, SettingsSecretField>;
  readonly secretsSet: Readonly<Record<SettingsSecretField, boolean>>;
}

/** What a Zabbix connection test found, kept on the row as the plugin keeps it. */
export interface ConnectionCheck {
  readonly version: string | null;
  readonly connection: boolean;
  readonly lastCheckedAt: Date;
}

/** The one settings row (by name), read for the API without its secrets. */
export class SettingsRepository {
  constructor(private readonly manager: EntityManager) {}

  async findRecord(name: string): Promise<SettingsRecord | null> {
    const row = await this.manager.getRepository(Settings).findOne({ where: { name } });
    if (!row) return null;
    const [presence] = await this.manager.query<Record<SettingsSecretField, boolean>[]>(
      `SELECT "tls_psk" IS NOT NULL AND "tls_psk" <> '' AS "tlsPsk",
              "snmp_authpassphrase" <> '' AS "snmpAuthpassphrase",
              "snmp_privpassphrase" <> '' AS "snmpPrivpassphrase",
              "snmp_community" <> '' AS "snmpCommunity"
       FROM "settings" WHERE "name" = $1`,
      [name],
    );
    const settings: Partial<Settings> = { ...row };
    for (const field of SETTINGS_SECRET_FIELDS) delete settings[field];
    return {
      settings: settings as Omit<Settings, SettingsSecretField>,
      secretsSet: {
        tlsPsk: presence?.tlsPsk ?? false,
        snmpAuthpassphrase: presence?.snmpAuthpassphrase ?? false,
        snmpPrivpassphrase: presence?.snmpPrivpassphrase ?? false,
        snmpCommunity: presence?.snmpCommunity ?? false,
      },
    };
  }

  /** Writes the given fields (secrets included) of the named row; false when there is no such row. */
  async update(name: string, fields: Partial<Omit<Settings, 'id' | 'name'>>): Promise<boolean> {
    if (Object.keys(fields).length === 0) {
      return this.manager.getRepository(Settings).exists({ where: { name } });
    }
    const result = await this.manager
      .createQueryBuilder()
      .update(Settings)
      .set(fields)
      .where('name = :name', { name })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async recordConnectionCheck(name: string, check: ConnectionCheck): Promise<void> {
    await this.update(name, check);
  }
}
