import { NETBOX_OBJECT_TYPE_PATTERN } from '@lib/contracts';
import { InvalidWebhookError } from './invalid-webhook.error';
import { NETBOX_MODEL_OBJECT_TYPES, objectTypeForModel } from './netbox-object-types';

describe(objectTypeForModel.name, () => {
  it.each([
    ['device', 'dcim.device'],
    ['virtualmachine', 'virtualization.virtualmachine'],
    ['interface', 'dcim.interface'],
    ['vminterface', 'virtualization.vminterface'],
    ['ipaddress', 'ipam.ipaddress'],
    ['site', 'dcim.site'],
    ['devicerole', 'dcim.devicerole'],
    ['platform', 'dcim.platform'],
    ['tag', 'extras.tag'],
    ['customfield', 'extras.customfield'],
    ['cluster', 'virtualization.cluster'],
    ['tenant', 'tenancy.tenant'],
    ['role', 'ipam.role'],
    ['wirelesslan', 'wireless.wirelesslan'],
    ['tunnel', 'vpn.tunnel'],
  ])('should map %s to %s', (model, objectType) => {
    expect(objectTypeForModel(model)).toBe(objectType);
  });

  it.each([['gizmo'], ['Device'], ['dcim.device'], ['']])(
    'should reject %j naming it when the model is not in the table',
    (model) => {
      const attempt = (): unknown => objectTypeForModel(model);

      expect(attempt).toThrow(InvalidWebhookError);
      expect(attempt).toThrow(`body.model ${JSON.stringify(model)} is not a known NetBox model`);
    },
  );

  it.each([...NETBOX_MODEL_OBJECT_TYPES])(
    'should name %s as <app_label>.%s with a valid object type when it is in the table',
    (model, objectType) => {
      expect(objectType).toMatch(NETBOX_OBJECT_TYPE_PATTERN);
      expect(objectType.endsWith(`.${model}`)).toBe(true);
    },
  );
});
