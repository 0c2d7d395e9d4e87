import { PermanentError } from '@lib/contracts';

export type ZabbixObjectKind = 'template' | 'proxy' | 'proxy group';

/** The job names templates, a proxy or a proxy group that Zabbix does not have: no retry will change that. */
export class MissingZabbixObjectsError extends PermanentError {
  override readonly name: string = 'MissingZabbixObjectsError';

  constructor(
    readonly kind: ZabbixObjectKind,
    readonly names: readonly string[],
  ) {
    super(
      `unknown Zabbix ${kind}${names.length === 1 ? '' : 's'}: ${names.map((name) => `"${name}"`).join(', ')}`,
    );
  }
}
