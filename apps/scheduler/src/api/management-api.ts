import { type Provider, type Type } from '@nestjs/common';
import { API_AUTH_PROVIDERS } from '../auth/api-auth.providers';

/** The management API's controllers beyond jobs, system jobs and maintenances (registered in SchedulerModule). */
export const MANAGEMENT_API_CONTROLLERS: Type[] = [];

/** Their services, and the token guard in front of every `/api` route. */
export const MANAGEMENT_API_PROVIDERS: Provider[] = [...API_AUTH_PROVIDERS];
