import { hostname } from 'node:os';

/** `<hostname>-<pid>`: tells replicas apart, on one machine and across machines. */
export function replicaName(): string {
  return `${hostname()}-${process.pid}`;
}

/**
 * The name a connection shows in the server's /connz and in dashboards: `<app>-<replica>`, plus the role of
 * the connection when the app holds several (`scheduler-host1-4711-consumers`, `…-publisher`).
 */
export function connectionName(app: string, role?: string, replica: string = replicaName()): string {
  return role === undefined ? `${app}-${replica}` : `${app}-${replica}-${role}`;
}
