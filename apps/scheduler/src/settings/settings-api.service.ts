import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ZabbixClient } from '@lib/clients';
import { SettingsRepository, type Settings, type SettingsRecord } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { RulesReplan } from './rules-replan.service';
import { SETTINGS_NAME } from './settings.service';
import { type SettingsChanged, type SettingsView, type ZabbixConnectionView } from './settings.view';
import { type UpdateSettingsDto } from './update-settings.dto';

function view(record: SettingsRecord): SettingsView {
  const { rulesFingerprint: _internal, ...settings } = record.settings;
  return {
    ...settings,
    tlsPskSet: record.secretsSet.tlsPsk,
    snmpAuthpassphraseSet: record.secretsSet.snmpAuthpassphrase,
    snmpPrivpassphraseSet: record.secretsSet.snmpPrivpassphrase,
    snmpCommunitySet: record.secretsSet.snmpCommunity,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The settings through the management API: read without secrets, changed field by field (a change that
 * shapes hosts re-plans them at once), and the Zabbix connection test the plugin's settings page offers.
 */
@Injectable()
export class SettingsApiService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly replan: RulesReplan,
  ) {}

  async get(): Promise<SettingsView> {
    const record = await new SettingsRepository(this.dataSource.manager).findRecord(SETTINGS_NAME);
    if (!record) throw new NotFoundException('no settings row');
    return view(record);
  }

  async update(changes: UpdateSettingsDto): Promise<SettingsChanged> {
    const fields: Partial<Settings> = { ...changes };
    const found = await new SettingsRepository(this.dataSource.manager).update(SETTINGS_NAME, fields);
    if (!found) throw new NotFoundException('no settings row');
    const replanJobId = await this.replan.afterChange();
    return { settings: await this.get(), replanJobId };
  }

  /**
   * Asks Zabbix (ZABBIX_URL, with the configured credentials) for its version, then makes one authenticated
   * call; records version, connection and time on the settings row. Never throws for a failed test: the
   * answer says what failed.
   */
  async testConnection(now = new Date()): Promise<ZabbixConnectionView> {
    const client = ZabbixClient.create({
      url: this.config.ZABBIX_URL,
      apiToken: this.config.ZABBIX_API_TOKEN,
      username: this.config.ZABBIX_USER,
      password: this.config.ZABBIX_PASSWORD,
      timeoutMs: this.config.ZABBIX_TIMEOUT_MS,
      maxConcurrentCalls: 1,
    });
    let reachable = false;
    let authenticated = false;
    let version: string | null = null;
    let latencyMs: number | null = null;
    let error: string | null = null;
    try {
      const started = performance.now();
      await client.ping();
      latencyMs = Math.round(performance.now() - started);
      reachable = true;
      version = (await client.version()).toString();
      await client.call('hostgroup.get', { countOutput: true });
      authenticated = true;
    } catch (failure) {
      error = describe(failure);
    } finally {
      await client.close();
    }
    await new SettingsRepository(this.dataSource.manager).recordConnectionCheck(SETTINGS_NAME, {
      version,
      connection: authenticated,
      lastCheckedAt: now,
    });
    return {
      url: this.config.ZABBIX_URL,
      reachable,
      authenticated,
      version,
      latencyMs,
      lastCheckedAt: now,
      error,
    };
  }
}
