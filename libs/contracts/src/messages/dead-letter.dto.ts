import { IsDateString, IsInt, IsOptional, IsString, Min } from 'class-validator';

/** The record kept in the dead-letter stream for a message that was terminated. */
export class DeadLetterPayload {
  @IsString()
  originalSubject!: string;

  @IsString()
  stream!: string;

  @IsString()
  consumer!: string;

  @IsInt()
  @Min(0)
  streamSequence!: number;

  @IsInt()
  @Min(1)
  deliveryCount!: number;

  /** `InvalidMessageError`, `PermanentError`, or `RetryableError` once the attempts ran out. */
  @IsString()
  errorType!: string;

  @IsString()
  reason!: string;

  /** The original message body as UTF-8 text, as it was received. */
  @IsString()
  originalBody!: string;

  @IsOptional()
  @IsString()
  originalMessageId?: string;

  @IsDateString()
  failedAt!: string;
}
