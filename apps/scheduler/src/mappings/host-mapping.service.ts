import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HostMappingRepository, type HostMappingKind, type MappingBase } from '@lib/models';
import { fieldProblems, isUniqueViolation, type FieldProblem } from '../http/field-problems';
import { RulesReplan } from '../settings/rules-replan.service';
import { type CreateHostMappingDto } from './create-host-mapping.dto';
import { type HostMappingChanged, type HostMappingPage, type HostMappingView } from './mapping.views';
import { type UpdateHostMappingDto } from './update-host-mapping.dto';

function view(mapping: MappingBase): HostMappingView {
  const reference = (row: { id: number; name: string }) => ({ id: row.id, name: row.name });
  return {
    id: mapping.id,
    name: mapping.name,
    description: mapping.description,
    isDefault: mapping.isDefault,
    hostGroups: mapping.hostGroups.map(reference).sort((left, right) => left.id - right.id),
    templates: mapping.templates.map(reference).sort((left, right) => left.id - right.id),
    proxy: mapping.proxy ? reference(mapping.proxy) : null,
    proxyGroup: mapping.proxyGroup ? reference(mapping.proxyGroup) : null,
    interfaceType: mapping.interfaceType,
    sites: [...mapping.sites],
    roles: [...mapping.roles],
    platforms: [...mapping.platforms],
  };
}

function missing(wanted: readonly number[], found: readonly { id: number }[]): number[] {
  const known = new Set(found.map((row) => row.id));
  return [...new Set(wanted)].filter((id) => !known.has(id)).sort((left, right) => left - right);
}

/**
 * Device and VM mappings through the management API. The default mapping (one per kind, made on first
 * start) takes what no other matches: it keeps no filters and cannot be deleted. Every change re-plans the
 * hosts it affects at once (RulesReplan).
 */
@Injectable()
export class HostMappingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly replan: RulesReplan,
  ) {}

  async list(kind: HostMappingKind, limit: number, offset: number): Promise<HostMappingPage> {
    const page = await new HostMappingRepository(this.dataSource.manager, kind).page(limit, offset);
    return { items: page.items.map(view), total: page.total, limit, offset };
  }

  async get(kind: HostMappingKind, id: number): Promise<HostMappingView> {
    return view(await this.find(new HostMappingRepository(this.dataSource.manager, kind), id));
  }

  async create(kind: HostMappingKind, body: CreateHostMappingDto): Promise<HostMappingChanged> {
    const mapping = await this.write(kind, async (repository) => {
      const created = repository.create({
        name: body.name,
        description: body.description ?? '',
        isDefault: false,
        interfaceType: body.interfaceType ?? 0,
        sites: body.sites ?? [],
        roles: body.roles ?? [],
        platforms: body.platforms ?? [],
      });
      await this.apply(repository, created, body);
      return repository.save(created);
    });
    return { mapping: view(mapping), replanJobId: await this.replan.afterChange() };
  }

  async update(kind: HostMappingKind, id: number, body: UpdateHostMappingDto): Promise<HostMappingChanged> {
    const mapping = await this.write(kind, async (repository) => {
      const current = await this.find(repository, id);
      if (body.name !== undefined) current.name = body.name;
      if (body.description !== undefined) current.description = body.description;
      if (body.interfaceType !== undefined) current.interfaceType = body.interfaceType;
      if (body.sites !== undefined) current.sites = body.sites;
      if (body.roles !== undefined) current.roles = body.roles;
      if (body.platforms !== undefined) current.platforms = body.platforms;
      await this.apply(repository, current, body);
      return repository.save(current);
    });
    return { mapping: view(mapping), replanJobId: await this.replan.afterChange() };
  }

  async delete(kind: HostMappingKind, id: number): Promise<HostMappingChanged> {
    const mapping = await this.dataSource.transaction(async (manager) => {
      const repository = new HostMappingRepository(manager, kind);
      const current = await this.find(repository, id);
      if (current.isDefault) {
        throw new ConflictException('the default mapping takes what no other matches: it cannot be deleted');
      }
      await repository.remove(id);
      return current;
    });
    return { mapping: view(mapping), replanJobId: await this.replan.afterChange() };
  }

  private async find(repository: HostMappingRepository, id: number): Promise<MappingBase> {
    const mapping = await repository.findById(id);
    if (!mapping) throw new NotFoundException(`no mapping ${id}`);
    return mapping;
  }

  /** Runs a create or update in a transaction; a name taken meanwhile is a 400 on `name`. */
  private async write(
    kind: HostMappingKind,
    change: (repository: HostMappingRepository) => Promise<MappingBase>,
  ): Promise<MappingBase> {
    try {
      const saved = await this.dataSource.transaction((manager) =>
        change(new HostMappingRepository(manager, kind)),
      );
      const reread = await new HostMappingRepository(this.dataSource.manager, kind).findById(saved.id);
      return reread ?? saved;
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldProblems([{ field: 'name', message: 'is taken' }]);
      throw error;
    }
  }

  /** Checks and sets the references and what the default mapping may not have; 400 naming each bad field. */
  private async apply(
    repository: HostMappingRepository,
    mapping: MappingBase,
    body: UpdateHostMappingDto,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    if (body.name !== undefined) {
      const holder = await repository.findIdByName(body.name);
      if (holder !== null && holder !== mapping.id) problems.push({ field: 'name', message: 'is taken' });
    }
    if (body.hostGroups !== undefined) {
      const groups = await repository.hostGroupsByIds(body.hostGroups);
      const unknown = missing(body.hostGroups, groups);
      if (unknown.length > 0)
        problems.push({ field: 'hostGroups', message: `unknown ids ${unknown.join(', ')}` });
      mapping.hostGroups = groups;
    }
    if (body.templates !== undefined) {
      const templates = await repository.templatesByIds(body.templates);
      const unknown = missing(body.templates, templates);
      if (unknown.length > 0)
        problems.push({ field: 'templates', message: `unknown ids ${unknown.join(', ')}` });
      mapping.templates = templates;
    } else if (mapping.templates === undefined) {
      mapping.templates = [];
    }
    if (body.proxy !== undefined) {
      mapping.proxy = body.proxy === null ? null : await repository.proxyById(body.proxy);
      if (body.proxy !== null && !mapping.proxy)
        problems.push({ field: 'proxy', message: `unknown id ${body.proxy}` });
    }
    if (body.proxyGroup !== undefined) {
      mapping.proxyGroup = body.proxyGroup === null ? null : await repository.proxyGroupById(body.proxyGroup);
      if (body.proxyGroup !== null && !mapping.proxyGroup)
        problems.push({ field: 'proxyGroup', message: `unknown id ${body.proxyGroup}` });
    }
    if (mapping.proxy && mapping.proxyGroup) {
      problems.push({ field: 'proxyGroup', message: 'a mapping has a proxy or a proxy group, not both' });
    }
    if (mapping.isDefault) {
      for (const field of ['sites', 'roles', 'platforms'] as const) {
        if (mapping[field].length > 0)
          problems.push({ field, message: 'the default mapping matches everything: it has no filters' });
      }
    }
    if (problems.length > 0) throw fieldProblems(problems);
  }
}
