import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  FieldMappingRepository,
  type FieldMappingKind,
  type InventoryMapping,
  type MappingObjectType,
  type TagMapping,
} from '@lib/models';
import { fieldProblems, isUniqueViolation } from '../http/field-problems';
import { RulesReplan } from '../settings/rules-replan.service';

type FieldMapping = TagMapping | InventoryMapping;

export interface FieldMappingView<TSelection> {
  readonly id: number;
  readonly objectType: MappingObjectType;
  readonly selection: TSelection;
}

export interface FieldMappingPage<TSelection> {
  readonly items: FieldMappingView<TSelection>[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface FieldMappingChange<TSelection> {
  readonly mapping: FieldMappingView<TSelection>;
  readonly replanJobId: string | null;
}

function view<TSelection>(mapping: FieldMapping): FieldMappingView<TSelection> {
  return { id: mapping.id, objectType: mapping.objectType, selection: mapping.selection as TSelection };
}

/**
 * Tag and inventory mappings through the management API: at most one per object type (device, virtual
 * machine). Every change re-plans the hosts at once (RulesReplan).
 */
@Injectable()
export class FieldMappingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly replan: RulesReplan,
  ) {}

  async list<TSelection>(
    kind: FieldMappingKind,
    limit: number,
    offset: number,
  ): Promise<FieldMappingPage<TSelection>> {
    const page = await this.repository(kind).page(limit, offset);
    return { items: page.items.map((item) => view<TSelection>(item)), total: page.total, limit, offset };
  }

  async get<TSelection>(kind: FieldMappingKind, id: number): Promise<FieldMappingView<TSelection>> {
    return view<TSelection>(await this.find(kind, id));
  }

  async create<TSelection>(
    kind: FieldMappingKind,
    body: { objectType: MappingObjectType; selection: TSelection },
  ): Promise<FieldMappingChange<TSelection>> {
    const repository = this.repository(kind);
    if ((await repository.findIdByObjectType(body.objectType)) !== null) {
      throw fieldProblems([
        { field: 'objectType', message: `a ${kind} mapping for ${body.objectType} exists` },
      ]);
    }
    let saved: FieldMapping;
    try {
      saved = await repository.save({ objectType: body.objectType, selection: body.selection } as never);
    } catch (error) {
      if (isUniqueViolation(error))
        throw fieldProblems([
          { field: 'objectType', message: `a ${kind} mapping for ${body.objectType} exists` },
        ]);
      throw error;
    }
    return { mapping: view<TSelection>(saved), replanJobId: await this.replan.afterChange() };
  }

  async update<TSelection>(
    kind: FieldMappingKind,
    id: number,
    body: { selection?: TSelection },
  ): Promise<FieldMappingChange<TSelection>> {
    const current = await this.find(kind, id);
    if (body.selection !== undefined) current.selection = body.selection as never;
    const saved = await this.repository(kind).save(current);
    return { mapping: view<TSelection>(saved), replanJobId: await this.replan.afterChange() };
  }

  async delete<TSelection>(kind: FieldMappingKind, id: number): Promise<FieldMappingChange<TSelection>> {
    const current = await this.find(kind, id);
    await this.repository(kind).remove(id);
    return { mapping: view<TSelection>(current), replanJobId: await this.replan.afterChange() };
  }

  private repository(kind: FieldMappingKind): FieldMappingRepository<FieldMapping> {
    return new FieldMappingRepository<FieldMapping>(this.dataSource.manager, kind);
  }

  private async find(kind: FieldMappingKind, id: number): Promise<FieldMapping> {
    const mapping = await this.repository(kind).findById(id);
    if (!mapping) throw new NotFoundException(`no ${kind} mapping ${id}`);
    return mapping;
  }
}
