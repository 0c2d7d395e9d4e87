/** Whether each dependency the app needs answers: `{ nats: true, database: false }`. */
export type DependencyStates = Readonly<Record<string, boolean>>;

/**
 * What GET /readyz asks. Each app provides one (`{ provide: ReadinessCheck, useClass: … }`) naming the
 * dependencies it needs: NATS always, PostgreSQL for the scheduler, Zabbix for the writer.
 */
export abstract class ReadinessCheck {
  abstract check(): Promise<DependencyStates>;
}
