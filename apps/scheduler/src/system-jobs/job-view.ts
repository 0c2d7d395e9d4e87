import { type Job } from '@lib/models';

/** A job as the API shows it: never its payload (a host job's may hold a PSK). */
export interface JobView extends Omit<Job, 'payload'> {
  readonly durationMs: number | null;
  readonly progress: { readonly done: number; readonly total: number } | null;
}

export function jobView(job: Job): JobView {
  const { payload: _payload, ...rest } = job;
  const end = job.completedAt ?? null;
  return {
    ...rest,
    durationMs: job.startedAt && end ? end.getTime() - job.startedAt.getTime() : null,
    progress:
      job.progressDone === null || job.progressTotal === null
        ? null
        : { done: job.progressDone, total: job.progressTotal },
  };
}
