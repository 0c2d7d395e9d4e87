import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadSecretBox, type SecretBox } from '@lib/config';
import { NETBOX_HOST_OBJECT_TYPES, type Job } from '@lib/models';
import { PeriodicService } from '../jobs/periodic-sweep';
import { NetboxStateService } from '../netbox/netbox-state.service';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SETTINGS_NAME, SettingsService } from '../settings/settings.service';
import { SystemJobLauncher } from '../system-jobs/system-job-launcher.service';

/**
 * An operator who changes a mapping's template, or a setting that shapes hosts, expects every host it
 * affects to follow, not only those NetBox changes next. This watches the fingerprint of the mappings and
 * settings (as the host rules read them); when it differs from the one last re-planned, exactly one
 * scheduler records the new one and starts SyncHostsNow with `changesOnly` (every device and VM re-read and
 * re-planned through the batched path; jobs only for hosts whose desired state changed; the max_deletions
 * stop applies). When a sync is already running the change is picked up on a later look.
 */
@Injectable()
export class RulesChangeWatcher extends PeriodicService {
  private readonly logger = new Logger(RulesChangeWatcher.name);
  private readonly secretBox: SecretBox;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly settings: SettingsService,
    private readonly netbox: NetboxStateService,
    private readonly launcher: SystemJobLauncher,
  ) {
    super();
    this.secretBox = loadSecretBox(config);
  }

  protected interval(): number {
    return this.config.RULES_CHECK_INTERVAL_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.check();
  }

  /** One look; returns the SyncHostsNow job it started, if any. */
  async check(): Promise<Job | null> {
    try {
      const fingerprint = await this.fingerprint();
      const job = await this.dataSource.transaction(async (manager): Promise<Job | null> => {
        const [row] = await manager.query<{ rules_fingerprint: string | null }[]>(
          `SELECT "rules_fingerprint" FROM "settings" WHERE "name" = $1 FOR UPDATE`,
          [SETTINGS_NAME],
        );
        if (!row || row.rules_fingerprint === fingerprint) return null;
        const first = row.rules_fingerprint === null;
        let started: Job | null = null;
        if (!first && this.netbox.enabled) {
          started = await this.launcher.create(manager, {
            kind: 'SyncHostsNow',
            trigger: 'settings',
            username: null,
            parameters: { changesOnly: true },
            retryOfJobId: null,
          });
          // A sync is already in flight and may have read the old rules: look again later.
          if (!started) return null;
        }
        await manager.query(`UPDATE "settings" SET "rules_fingerprint" = $2 WHERE "name" = $1`, [
          SETTINGS_NAME,
          fingerprint,
        ]);
        if (!first && !this.netbox.enabled) {
          this.logger.warn(
            'mappings or settings changed; without NETBOX_URL hosts follow on their next NetBox change',
          );
        }
        return started;
      });
      if (job) {
        this.logger.log(`mappings or settings changed: re-planning every host (job ${job.id})`);
        this.launcher.start(job);
      }
      return job;
    } catch (error) {
      this.logger.warn(`rules check failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /**
   * The rules include the default PSK and SNMP passphrases, so the stored fingerprint is a keyed digest, not
   * a plain hash a weak passphrase could be guessed from. A new secrets key changes it once: one re-plan
   * with `changesOnly`, which writes nothing when nothing else changed.
   */
  private async fingerprint(): Promise<string> {
    this.settings.invalidate();
    const rules: string[] = [];
    for (const objectType of NETBOX_HOST_OBJECT_TYPES) {
      const { policy, mappings, fieldMappings, settings } = await this.settings.rulesFor(objectType);
      const names = settings.duplicateNamePattern;
      rules.push(JSON.stringify({ objectType, policy, mappings, fieldMappings, names }));
    }
    return this.secretBox.digest(rules.join('\n'), 'rules-fingerprint');
  }
}
