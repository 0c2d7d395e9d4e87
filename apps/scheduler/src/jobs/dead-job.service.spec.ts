import { type DeadLetterPayload } from '@lib/contracts';
import { deadJobId } from './dead-job.service';

function letter(originalBody: string): DeadLetterPayload {
  return {
    originalSubject: 'zabbix.job.host-upsert.v1',
    stream: 'NBZB_ZABBIX_JOBS_V1',
    consumer: 'zabbix-writer-jobs-v1',
    streamSequence: 7,
    deliveryCount: 1,
    errorType: 'InvalidMessageError',
    reason: 'bad',
    originalBody,
    failedAt: '2026-11-29T12:00:00.000Z',
  };
}

describe(deadJobId.name, () => {
  it.each([
    ['a job envelope', JSON.stringify({ messageId: 'm', payload: { jobId: 'a1b2', kind: 'x' } }), 'a1b2'],
    ['a body that is not JSON', '{not json', null],
    ['an envelope without a payload', JSON.stringify({ messageId: 'm' }), null],
    ['a payload without a job id', JSON.stringify({ payload: { host: 'x' } }), null],
    ['a numeric job id', JSON.stringify({ payload: { jobId: 42 } }), null],
    ['JSON that is not an object', '"text"', null],
  ])('should read %s', (_case, body, expected) => {
    expect(deadJobId(letter(body))).toBe(expected);
  });
});
