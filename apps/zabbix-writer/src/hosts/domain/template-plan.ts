import { type ZabbixLinkedTemplate } from '@lib/clients';

export interface TemplatePlan {
  /** The templates to link (host.update `templates`: replaces the linked list); absent when unchanged. */
  readonly templateids?: string[];
  /** Linked templates no longer wanted: `templates_clear` unlinks them and removes their items. */
  readonly templateidsToClear: string[];
}

/**
 * Plain unlinking (leaving a template out of `templates`) keeps the template's items on the host as orphans,
 * so every linked template that is not desired any more goes to `templates_clear`. When the linked set is
 * already the desired one, `templates` is left out: Zabbix re-validates every link it is given, which makes
 * an update that changes nothing else many times slower.
 */
export function planTemplates(
  desiredTemplateids: readonly string[],
  linked: readonly ZabbixLinkedTemplate[],
): TemplatePlan {
  const templateids = [...new Set(desiredTemplateids)];
  const wanted = new Set(templateids);
  const templateidsToClear = [
    ...new Set(linked.map((template) => template.templateid).filter((id) => !wanted.has(id))),
  ];
  const linkedids = new Set(linked.map((template) => template.templateid));
  const unchanged = templateids.length === linkedids.size && templateids.every((id) => linkedids.has(id));
  return unchanged ? { templateidsToClear } : { templateids, templateidsToClear };
}
