import { loadSecretBox } from '@lib/config';
import { jobSecretsContext, PermanentError, type HostUpsertJobPayload } from '@lib/contracts';
import { JobSecrets } from './job-secrets.service';

const KEY = '0f'.repeat(32);
const PSK = '0123456789abcdef0123456789abcdef';
const JOB_ID = '5b0c8a52-3a1e-4d0b-9a53-2f7f1c1a9e01';

function job(sealedSecrets?: string): HostUpsertJobPayload {
  return {
    jobId: JOB_ID,
    kind: 'CreateZabbixHost',
    hostKey: 'dcim.device:1',
    revision: 1,
    desired: {
      host: 'h1',
      name: 'h1',
      status: 0,
      description: '',
      groups: ['NetBox'],
      templates: [],
      interfaces: [],
      tags: [],
      inventoryMode: 0,
      inventory: {},
      monitoredBy: 'server',
      tlsConnect: 2,
      tlsAccept: 2,
      tlsPskIdentity: 'id',
    },
    ...(sealedSecrets ? { sealedSecrets } : {}),
  };
}

describe(JobSecrets.name, () => {
  const box = loadSecretBox({ SECRETS_KEY: KEY });
  const secrets = new JobSecrets(box);

  it('should put the opened secrets back into the desired host', () => {
    const sealed = box.seal(JSON.stringify({ tlsPsk: PSK, interfaces: [null] }), jobSecretsContext(JOB_ID));
    const opened = secrets.open(job(sealed));
    expect(opened.desired.tlsPsk).toBe(PSK);
    expect(opened).not.toHaveProperty('sealedSecrets');
  });

  it('should take a job without secrets as it is', () => {
    const plain = job();
    expect(secrets.open(plain)).toBe(plain);
  });

  it.each([
    ['sealed for another job', box.seal(JSON.stringify({ interfaces: [] }), jobSecretsContext('other'))],
    [
      'sealed with another key',
      loadSecretBox({ SECRETS_KEY: '1e'.repeat(32) }).seal('{}', jobSecretsContext(JOB_ID)),
    ],
    [
      'not SNMP secrets',
      box.seal(JSON.stringify({ interfaces: [{ community: 7 }] }), jobSecretsContext(JOB_ID)),
    ],
    ['not a PSK', box.seal(JSON.stringify({ tlsPsk: 'short', interfaces: [] }), jobSecretsContext(JOB_ID))],
  ])('should fail the job for good when its secrets are %s', (_case, sealed) => {
    expect(() => secrets.open(job(sealed))).toThrow(PermanentError);
  });
});
