import { PermanentError } from '@lib/contracts';

/**
 * The Zabbix host a job would take belongs to another NetBox object (its identity tag says so). Retrying
 * cannot help; the job fails visibly instead of overwriting the other object's host.
 */
export class HostIdentityConflictError extends PermanentError {
  override readonly name: string = 'HostIdentityConflictError';

  constructor(
    readonly hostKey: string,
    readonly hostid: string,
    readonly host: string,
    readonly owner: string,
  ) {
    super(
      `Zabbix host "${host}" (hostid ${hostid}) belongs to ${owner}, not ${hostKey}: it is left alone. ` +
        `Rename one of the NetBox objects, or remove the host's tag if it should change hands`,
    );
  }
}
