import { AgentInterface } from './agent-interface.entity';
import { DeviceMapping } from './device-mapping.entity';
import { EventLog } from './event-log.entity';
import { HostConfig } from './host-config.entity';
import { HostGroup } from './host-group.entity';
import { InventoryMapping } from './inventory-mapping.entity';
import { Job } from './job.entity';
import { Maintenance } from './maintenance.entity';
import { NetboxChangeLogCursor } from './netbox-change-log-cursor.entity';
import { NetboxWebhookSeen } from './netbox-webhook-seen.entity';
import { ProxyGroup } from './proxy-group.entity';
import { Proxy } from './proxy.entity';
import { Settings } from './settings.entity';
import { SnmpInterface } from './snmp-interface.entity';
import { SystemJobSchedule } from './system-job-schedule.entity';
import { TagMapping } from './tag-mapping.entity';
import { Template } from './template.entity';
import { VmMapping } from './vm-mapping.entity';

export {
  AgentInterface,
  DeviceMapping,
  EventLog,
  HostConfig,
  HostGroup,
  InventoryMapping,
  Job,
  Maintenance,
  NetboxChangeLogCursor,
  NetboxWebhookSeen,
  Proxy,
  ProxyGroup,
  Settings,
  SnmpInterface,
  SystemJobSchedule,
  TagMapping,
  Template,
  VmMapping,
};
export * from './zabbix-objects';
export * from './mapping.base';
export { ProxyOperatingMode, TlsMode } from './proxy.entity';
export { SnmpAuthProtocol, SnmpPrivProtocol, SnmpSecurityLevel } from './snmp-interface.entity';
export {
  FINISHED_JOB_STATUSES,
  JOB_STATUSES,
  JOB_TRIGGERS,
  type JobStatus,
  type JobTrigger,
} from './job.entity';
export { EVENT_LOG_LEVELS, type EventLogLevel } from './event-log.entity';
export { MAINTENANCE_STATUSES, type MaintenanceStatus } from './maintenance.entity';
export { MAPPING_OBJECT_TYPES, type MappingObjectType } from './tag-mapping.entity';
export { Interval } from './settings.entity';

export const ENTITIES = [
  AgentInterface,
  DeviceMapping,
  EventLog,
  HostConfig,
  HostGroup,
  InventoryMapping,
  Job,
  Maintenance,
  NetboxChangeLogCursor,
  NetboxWebhookSeen,
  Proxy,
  ProxyGroup,
  Settings,
  SnmpInterface,
  SystemJobSchedule,
  TagMapping,
  Template,
  VmMapping,
];
