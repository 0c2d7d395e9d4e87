import { ApiProperty } from '@nestjs/swagger';

/** A message that could not be processed, as the dead-letter stream keeps it (its body is not shown). */
export class DeadLetterView {
  @ApiProperty({ description: 'its sequence in the dead-letter stream' })
  id!: number;

  @ApiProperty({ example: 'dlq.netbox.event.dcim.device.updated.v1' })
  subject!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  failedAt!: string;

  @ApiProperty({
    enum: ['job', 'result', 'other'],
    description: 'a Zabbix job, a job result, or another message (a NetBox event)',
  })
  kind!: 'job' | 'result' | 'other';

  @ApiProperty()
  originalSubject!: string;

  @ApiProperty({ description: 'stream and consumer that gave up on it' })
  stream!: string;

  @ApiProperty()
  consumer!: string;

  @ApiProperty({ description: 'its sequence in its own stream' })
  streamSequence!: number;

  @ApiProperty()
  deliveryCount!: number;

  @ApiProperty({ example: 'InvalidMessageError' })
  errorType!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, nullable: true })
  originalMessageId!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the job it failed (job, result) or the DeadLetter job recording it (other)',
  })
  jobId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'dcim.device:42' })
  hostKey!: string | null;

  @ApiProperty({
    enum: ['retry', 'republish'],
    nullable: true,
    description:
      'what a replay does: retry the job (its host as it is now), republish the original message; null: none',
  })
  replay!: 'retry' | 'republish' | null;
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterView] })
  items!: DeadLetterView[];

  @ApiProperty({ description: 'messages in the dead-letter stream' })
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

export class DeadLetterReplayed {
  @ApiProperty()
  id!: number;

  @ApiProperty({ enum: ['retry', 'republish'] })
  replay!: 'retry' | 'republish';

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the retry job (retry)' })
  jobId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the republished message id (republish)' })
  messageId!: string | null;
}
