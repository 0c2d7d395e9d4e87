import { InvalidMessageError, type DesiredHost } from '@lib/contracts';
import { type ZabbixTemplate } from '@lib/clients';

export interface TemplateMatch {
  /** Ids in the order of the desired names. */
  readonly templateids: string[];
  readonly missing: string[];
}

/** Desired template names → ids, by technical name first and visible name second. */
export function matchTemplates(names: readonly string[], found: readonly ZabbixTemplate[]): TemplateMatch {
  const templateids: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const template =
      found.find((candidate) => candidate.host === name) ??
      found.find((candidate) => candidate.name === name);
    if (template) templateids.push(template.templateid);
    else missing.push(name);
  }
  return { templateids: [...new Set(templateids)], missing };
}

export type MonitoringRequest =
  | { readonly monitoredBy: 'server' }
  | { readonly monitoredBy: 'proxy'; readonly proxy: string }
  | { readonly monitoredBy: 'proxy_group'; readonly proxyGroup: string };

/** Which proxy or proxy group the desired host names; a missing name is an invalid job. */
export function monitoringRequestOf(
  desired: Pick<DesiredHost, 'monitoredBy' | 'proxy' | 'proxyGroup'>,
): MonitoringRequest {
  switch (desired.monitoredBy) {
    case 'server':
      return { monitoredBy: 'server' };
    case 'proxy':
      if (!desired.proxy)
        throw new InvalidMessageError('the desired host is monitored by a proxy but names none');
      return { monitoredBy: 'proxy', proxy: desired.proxy };
    case 'proxy_group':
      if (!desired.proxyGroup) {
        throw new InvalidMessageError('the desired host is monitored by a proxy group but names none');
      }
      return { monitoredBy: 'proxy_group', proxyGroup: desired.proxyGroup };
  }
}
