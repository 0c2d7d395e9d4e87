/** The writer replica's id, reported in every job result (WRITER_ID, or `<hostname>-<pid>`). */
export const WORKER_ID = Symbol('WORKER_ID');
