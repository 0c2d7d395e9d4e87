import { planTemplates } from './template-plan';

describe(planTemplates.name, () => {
  it.each<[string, string[], string[], string[] | undefined, string[]]>([
    ['nothing linked yet', ['10186'], [], ['10186'], []],
    ['no change', ['10186'], ['10186'], undefined, []],
    ['no change in another order', ['10001', '10186'], ['10186', '10001'], undefined, []],
    ['none wanted, none linked', [], [], undefined, []],
    ['a template added', ['10186', '10001'], ['10186'], ['10186', '10001'], []],
    ['a template replaced', ['10001'], ['10186'], ['10001'], ['10186']],
    ['all templates removed', [], ['10186', '10001'], [], ['10186', '10001']],
    ['one of two kept', ['10186'], ['10186', '10001'], ['10186'], ['10001']],
    ['duplicates in the desired list', ['10186', '10186'], [], ['10186'], []],
  ])('should plan %s', (_case, desired, linked, templateids, toClear) => {
    const plan = planTemplates(
      desired,
      linked.map((templateid) => ({ templateid, name: `t${templateid}` })),
    );

    expect(plan).toEqual({ ...(templateids ? { templateids } : {}), templateidsToClear: toClear });
  });
});
