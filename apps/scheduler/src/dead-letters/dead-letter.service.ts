import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Messages, messageForSubject, Streams, type DeadLetterPayload } from '@lib/contracts';
import { decodeEnvelope, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { deadJobId, deadLetterJobId, deadLetterKind } from '../jobs/dead-job.service';
import { JobRetryService } from '../system-jobs/job-retry.service';
import { type DeadLetterPage, type DeadLetterReplayed, type DeadLetterView } from './dead-letter.views';

interface StoredLetter {
  readonly sequence: number;
  readonly subject: string;
  readonly messageId: string;
  readonly letter: DeadLetterPayload;
}

/** The object a dead-lettered message was about, read from its body when it still parses that far. */
function hostKeyOf(letter: DeadLetterPayload): string | null {
  try {
    const envelope: unknown = JSON.parse(letter.originalBody);
    if (typeof envelope !== 'object' || envelope === null || !('payload' in envelope)) return null;
    const payload = envelope.payload as Record<string, unknown> | null;
    if (typeof payload?.hostKey === 'string') return payload.hostKey;
    if (typeof payload?.objectType === 'string' && typeof payload.objectId === 'number')
      return `${payload.objectType}:${payload.objectId}`;
    return null;
  } catch {
    return null;
  }
}

function view(stored: StoredLetter): DeadLetterView {
  const { letter } = stored;
  const kind = deadLetterKind(letter);
  const jobId = kind === 'other' ? deadLetterJobId(stored.messageId) : deadJobId(letter);
  return {
    id: stored.sequence,
    subject: stored.subject,
    failedAt: letter.failedAt,
    kind,
    originalSubject: letter.originalSubject,
    stream: letter.stream,
    consumer: letter.consumer,
    streamSequence: letter.streamSequence,
    deliveryCount: letter.deliveryCount,
    errorType: letter.errorType,
    reason: letter.reason,
    originalMessageId: letter.originalMessageId ?? null,
    jobId,
    hostKey: hostKeyOf(letter),
    replay: kind === 'job' && jobId !== null ? 'retry' : kind === 'other' ? 'republish' : null,
  };
}

/**
 * Dead letters as the dead-letter stream keeps them (the stream's retention decides how long), newest
 * first, and their replay: a dead-lettered Zabbix job is retried as its host is now (a fresh job, as
 * `POST /api/jobs/:id/retry` does); another message (a NetBox event) is published again to its original
 * subject under a new message id. A result cannot be replayed (its job was failed meanwhile: retry the job).
 * Bodies are never shown: a job message may hold a host's sealed secrets.
 */
@Injectable()
export class DeadLetterService {
  constructor(
    private readonly nats: NatsConnection,
    private readonly publisher: JetStreamPublisher,
    private readonly retries: JobRetryService,
  ) {}

  async list(limit: number, offset: number): Promise<DeadLetterPage> {
    const streams = this.nats.jetstreamManager.streams;
    const { state } = await streams.info(Streams.deadLetters.name);
    const items: DeadLetterView[] = [];
    let skipped = 0;
    for (let sequence = state.last_seq; sequence >= state.first_seq && items.length < limit; sequence -= 1) {
      const stored = await this.read(sequence);
      if (!stored) continue;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      items.push(view(stored));
    }
    return { items, total: state.messages, limit, offset };
  }

  async get(id: number): Promise<DeadLetterView> {
    const stored = await this.read(id);
    if (!stored) throw new NotFoundException(`no dead letter ${id}`);
    return view(stored);
  }

  async replay(id: number, username: string | null): Promise<DeadLetterReplayed> {
    const stored = await this.read(id);
    if (!stored) throw new NotFoundException(`no dead letter ${id}`);
    const described = view(stored);
    switch (described.replay) {
      case 'retry': {
        const { jobId } = await this.retries.retry(described.jobId ?? '', username);
        return { id, replay: 'retry', jobId, messageId: null };
      }
      case 'republish':
        return { id, replay: 'republish', jobId: null, messageId: await this.republish(stored.letter, id) };
      case null:
        throw new ConflictException(
          described.kind === 'result'
            ? `a job result cannot be replayed: its job ${described.jobId ?? ''} was failed; retry the job`
            : `dead letter ${id} names no job to retry`,
        );
    }
  }

  private async republish(letter: DeadLetterPayload, id: number): Promise<string> {
    const definition = messageForSubject(letter.originalSubject);
    if (!definition || definition === Messages.deadLetter) {
      throw new ConflictException(`no message kind is published on ${letter.originalSubject}`);
    }
    let envelope;
    try {
      envelope = decodeEnvelope(definition, Buffer.from(letter.originalBody, 'utf8'));
    } catch (error) {
      throw new ConflictException(
        `the original message is invalid (${error instanceof Error ? error.message : String(error)}): replayed, it would be dead-lettered again`,
      );
    }
    const receipt = await this.publisher.publish(definition, envelope.payload, {
      messageId: `replay:${id}:${randomUUID()}`,
      correlationId: envelope.correlationId,
    });
    return receipt.messageId;
  }

  private async read(sequence: number): Promise<StoredLetter | null> {
    if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
    const message = await this.nats.jetstreamManager.streams.getMessage(Streams.deadLetters.name, {
      seq: sequence,
    });
    if (!message) return null;
    try {
      const envelope = decodeEnvelope(Messages.deadLetter, message.data);
      return { sequence, subject: message.subject, messageId: envelope.messageId, letter: envelope.payload };
    } catch {
      return null;
    }
  }
}
