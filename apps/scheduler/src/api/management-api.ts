import { type Provider, type Type } from '@nestjs/common';
import { API_AUTH_PROVIDERS } from '../auth/api-auth.providers';
import { DeadLetterService } from '../dead-letters/dead-letter.service';
import { DeadLettersController } from '../dead-letters/dead-letters.controller';
import { EventLogController } from '../event-log/event-log.controller';
import { EventLogService } from '../event-log/event-log.service';
import { HostConfigActionsService } from '../host-configs/host-config-actions.service';
import { HostConfigQueryService } from '../host-configs/host-config-query.service';
import { HostConfigsController } from '../host-configs/host-configs.controller';
import { DeviceMappingsController } from '../mappings/device-mappings.controller';
import { FieldMappingService } from '../mappings/field-mapping.service';
import { HostMappingService } from '../mappings/host-mapping.service';
import { InventoryMappingsController } from '../mappings/inventory-mappings.controller';
import { TagMappingsController } from '../mappings/tag-mappings.controller';
import { VmMappingsController } from '../mappings/vm-mappings.controller';
import { RulesReplan } from '../settings/rules-replan.service';
import { SettingsApiService } from '../settings/settings-api.service';
import { SettingsController } from '../settings/settings.controller';

/** The management API's controllers beyond jobs, system jobs and maintenances (registered in SchedulerModule). */
export const MANAGEMENT_API_CONTROLLERS: Type[] = [
  SettingsController,
  DeviceMappingsController,
  VmMappingsController,
  TagMappingsController,
  InventoryMappingsController,
  HostConfigsController,
  EventLogController,
  DeadLettersController,
];

/** Their services, and the token guard in front of every `/api` route. */
export const MANAGEMENT_API_PROVIDERS: Provider[] = [
  ...API_AUTH_PROVIDERS,
  RulesReplan,
  SettingsApiService,
  HostMappingService,
  FieldMappingService,
  HostConfigQueryService,
  HostConfigActionsService,
  EventLogService,
  DeadLetterService,
];
