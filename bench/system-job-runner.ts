import { waitFor } from '@lib/testing';

export interface SystemJobRun {
  readonly status: string;
  readonly result: unknown;
  /** From the request to the job's end. */
  readonly seconds: number;
}

/**
 * Runs a system job through the management API (`…/api`, with `headers` carrying its token) and waits until
 * it completed or failed.
 */
export async function runSystemJob(
  api: { readonly schedulerUrl: string; readonly apiHeaders: Record<string, string> },
  kind: string,
  parameters: Record<string, unknown>,
): Promise<SystemJobRun> {
  const { schedulerUrl, apiHeaders: headers } = api;
  const started = performance.now();
  const answer = await fetch(`${schedulerUrl}/system-jobs/${kind}/run`, {
    method: 'POST',
    headers,
    body: JSON.stringify(parameters),
  });
  if (!answer.ok) throw new Error(`${kind}: the API answered ${answer.status}: ${await answer.text()}`);
  const { jobId } = (await answer.json()) as { jobId: string };
  const job = await waitFor(
    async () => {
      const state = (await (await fetch(`${schedulerUrl}/jobs/${jobId}`, { headers })).json()) as {
        status: string;
        result: unknown;
      };
      return state.status === 'completed' || state.status === 'failed' ? state : undefined;
    },
    `${kind} finished`,
    60 * 60_000,
    500,
  );
  return { ...job, seconds: (performance.now() - started) / 1000 };
}
