import { InitialSchema1795970000000 } from './1795970000000-initial-schema';
import { HostFanOutAndStatusPolicy1795982134400 } from './1795982134400-host-fan-out-and-status-policy';
import { HostSettleWindow1795984906845 } from './1795984906845-host-settle-window';
import { JobLivenessAndHostIdentity1796184183831 } from './1796184183831-job-liveness-and-host-identity';
import { SystemJobs1796186482478 } from './1796186482478-system-jobs';
import { RulesFingerprint1796187363378 } from './1796187363378-rules-fingerprint';
import { HostConfigSyncRefresh1796187561252 } from './1796187561252-host-config-sync-refresh';
import { MaintenanceJobs1796188893182 } from './1796188893182-maintenance-jobs';
import { SecretsAtRest1796200000000 } from './1796200000000-secrets-at-rest';
import { HostConfigActiveJobIndex1796210000000 } from './1796210000000-host-config-active-job-index';
import { NetboxChangeLog1796220000000 } from './1796220000000-netbox-change-log';

/** Every migration, in order. A new one is appended here. */
export const MIGRATIONS = [
  InitialSchema1795970000000,
  HostFanOutAndStatusPolicy1795982134400,
  HostSettleWindow1795984906845,
  JobLivenessAndHostIdentity1796184183831,
  SystemJobs1796186482478,
  RulesFingerprint1796187363378,
  HostConfigSyncRefresh1796187561252,
  MaintenanceJobs1796188893182,
  SecretsAtRest1796200000000,
  HostConfigActiveJobIndex1796210000000,
  NetboxChangeLog1796220000000,
];
