import { Injectable } from '@nestjs/common';
import { RulesChangeWatcher } from '../sync/rules-change-watcher.service';
import { SettingsService } from './settings.service';

/**
 * After the API changed a mapping or a setting: drop this scheduler's cached rules and compare their
 * fingerprint at once (RulesChangeWatcher), so the hosts the change affects are re-planned now rather than
 * at the next RULES_CHECK_INTERVAL_MS. Returns the SyncHostsNow job it started, if any.
 */
@Injectable()
export class RulesReplan {
  constructor(
    private readonly settings: SettingsService,
    private readonly watcher: RulesChangeWatcher,
  ) {}

  async afterChange(): Promise<string | null> {
    this.settings.invalidate();
    const job = await this.watcher.check();
    return job?.id ?? null;
  }
}
