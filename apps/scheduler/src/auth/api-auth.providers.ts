import { Logger, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { assertApiProtected, loadApiTokens } from '@lib/config';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { ApiTokenGuard } from './api-token.guard';
import { ApiTokenStore } from './api-token.store';

/**
 * The API's tokens, read and checked when the app is built (a bad entry, or no token on an address others
 * reach, stops the start), and the guard that asks for them on every `/api` route.
 */
export const API_AUTH_PROVIDERS: Provider[] = [
  {
    provide: ApiTokenStore,
    inject: [SCHEDULER_CONFIG],
    useFactory: (config: SchedulerSettingsConfig): ApiTokenStore => {
      const tokens = loadApiTokens(config);
      assertApiProtected(tokens, config.SCHEDULER_HOST);
      const store = new ApiTokenStore(tokens);
      const logger = new Logger('ApiAuth');
      if (store.open) {
        logger.warn(
          `no API_TOKENS: the management API is open to anyone who reaches ${config.SCHEDULER_HOST} (loopback only)`,
        );
      } else {
        const names = store.callers.map((caller) => `${caller.name} (${caller.access})`).join(', ');
        logger.log(`management API tokens: ${names}`);
      }
      return store;
    },
  },
  { provide: APP_GUARD, useClass: ApiTokenGuard },
];
