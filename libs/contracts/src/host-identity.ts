/**
 * Every Zabbix host the bridge manages carries this tag, valued with the host key of the NetBox object it
 * stands for (`dcim.device:42`). It is how a writer tells our host from a namesake: a host found by name is
 * adopted only when it carries no such tag or ours, and a host whose name changed is found by its tag.
 */
export const HOST_IDENTITY_TAG = 'netbox-object';

/**
 * A host the bridge archived (soft delete) carries this tag, valued with the technical name it had before.
 * When its NetBox object is to be monitored again, the writer finds the host by its identity tag and
 * restores it (same hostid, history kept): the desired tags replace this one, and the job reports `restored`.
 */
export const HOST_ARCHIVED_TAG = 'netbox-archived';
