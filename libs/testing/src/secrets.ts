import { loadSecretBox } from '@lib/config';
import { useSecretsAtRest } from '@lib/models';

/**
 * The secrets key of the tests (SECRETS_KEY): every scheduler and writer a test starts, and every data
 * source a test opens on their database, use it. Never a production key.
 */
export const TEST_SECRETS_KEY = '6e627a622d746573742d6b65792d6e6f742d666f722d70726f64756374696f6e';

/** Installs the test key for the entities' secret columns of this process (a test reading rows itself). */
export function useTestSecretsAtRest(): void {
  useSecretsAtRest(loadSecretBox({ SECRETS_KEY: TEST_SECRETS_KEY }));
}
