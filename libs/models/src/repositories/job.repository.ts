import { type EntityManager, IsNull, LessThan } from 'typeorm';
import { Job } from '../entities/job.entity';

export class JobRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockById(id: string): Promise<Job | null> {
    return this.manager
      .getRepository(Job)
      .createQueryBuilder('job')
      .setLock('pessimistic_write')
      .where('job.id = :id', { id })
      .getOne();
  }

  async save(job: Job): Promise<Job> {
    return this.manager.getRepository(Job).save(job);
  }

  /** Jobs stored before `createdBefore` whose message was never confirmed published: the outbox. */
  async findUnpublished(createdBefore: Date, limit: number): Promise<Job[]> {
    return this.manager.getRepository(Job).find({
      where: { publishedAt: IsNull(), createdAt: LessThan(createdBefore) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  async markPublished(id: string, at: Date): Promise<void> {
    await this.manager.getRepository(Job).update({ id, publishedAt: IsNull() }, { publishedAt: at });
  }
}
