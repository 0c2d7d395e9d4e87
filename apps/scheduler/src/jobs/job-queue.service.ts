import { Injectable } from '@nestjs/common';
import { JetStreamApiError } from '@nats-io/jetstream';
import { Streams } from '@lib/contracts';
import { NatsConnection } from '@lib/messaging';

/** The jobs work queue as the reaper sees it: is a job's message still queued, and taking it off. */
@Injectable()
export class JobQueue {
  constructor(private readonly nats: NatsConnection) {}

  /** True while the message at `sequence` is still in the jobs stream (queued, or held by a writer). */
  async holds(sequence: number): Promise<boolean> {
    await this.nats.ready();
    const stored = await this.nats.jetstreamManager.streams.getMessage(Streams.zabbixJobs.name, {
      seq: sequence,
    });
    return stored !== null;
  }

  /** Takes the message off the queue, so a writer that still holds it cannot ack it and none gets it again. */
  async remove(sequence: number): Promise<void> {
    await this.nats.ready();
    try {
      await this.nats.jetstreamManager.streams.deleteMessage(Streams.zabbixJobs.name, sequence, false);
    } catch (error) {
      // Already gone (acked, or removed by another scheduler): that is what we wanted.
      if (!(error instanceof JetStreamApiError)) throw error;
    }
  }
}
