/**
 * Every Zabbix host the bridge manages carries this tag, valued with the host key of the NetBox object it
 * stands for (`dcim.device:42`). It is how a writer tells our host from a namesake: a host found by name is
 * adopted only when it carries no such tag or ours, and a host whose name changed is found by its tag.
 */
export const HOST_IDENTITY_TAG = 'netbox-object';
