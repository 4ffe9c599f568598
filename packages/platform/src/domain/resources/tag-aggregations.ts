import { sql } from 'kysely';
import { paginate } from '../../db/paginate.ts';
import type { TagGroup } from '../../db/resources-schema.ts';
import type { Executor } from '../context.ts';
import { bool, compact, containsPattern, echo, type PageRequest } from './common.ts';

/**
 * Pleo's aggregated views of tags: tag groups with their dimensions, and tags with their group and their
 * dimension values, each in one call (what an ERP sync reads instead of walking every group and tag).
 */

export interface AggregatedTagGroupModel {
  id: string;
  companyId: string;
  code: string;
  name: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  dimensions: Array<{ id: string; code: string; name: string; displayOrder: number; visible: boolean }>;
}

export interface AggregatedTagModel {
  id: string;
  companyId: string;
  code: string;
  name?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  group: { id: string; code: string; name: string };
  /** The dimensions the tag has a value for, in display order. */
  dimensions: Array<{ id: string; code: string; name: string; displayOrder: number; visible: boolean; value: string }>;
}

const dimensionsOf = (db: Executor, companyId: string, groupIds: string[]) =>
  groupIds.length
    ? db
        .selectFrom('tag_group_dimensions')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('group_id', 'in', groupIds)
        .orderBy('display_order')
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

/** The company's tag groups (all, or those of `groupIds`) with their dimensions. */
export async function aggregatedTagGroups(db: Executor, companyId: string, groupIds?: string[]): Promise<AggregatedTagGroupModel[]> {
  let q = db.selectFrom('tag_groups').selectAll().where('company_id', '=', companyId);
  if (groupIds?.length) q = q.where('id', 'in', groupIds);
  const groups: TagGroup[] = await q.orderBy('name').orderBy('id').execute();
  const dims = await dimensionsOf(
    db,
    companyId,
    groups.map((g) => g.id),
  );
  return groups.map((g) => ({
    id: g.id,
    companyId: g.company_id,
    code: g.code,
    name: g.name,
    archived: bool(g.archived),
    createdAt: g.created_at,
    updatedAt: g.updated_at,
    dimensions: dims
      .filter((d) => d.group_id === g.id)
      .map((d) => ({ id: d.id, code: d.code, name: d.name, displayOrder: Number(d.display_order), visible: bool(d.visible) })),
  }));
}

export interface AggregatedTagSearch {
  tagIds?: string[];
  textSearch?: string;
}

/** The company's tags (optionally these ids, or those whose name or code contains the text), each with group and dimension values. */
export async function searchAggregatedTags(db: Executor, companyId: string, search: AggregatedTagSearch, page: PageRequest) {
  let q = db
    .selectFrom('tags')
    .innerJoin('tag_groups', 'tag_groups.id', 'tags.group_id')
    .select([
      'tags.id as id',
      'tags.code as code',
      'tags.name as name',
      'tags.archived as archived',
      'tags.created_at as created_at',
      'tags.updated_at as updated_at',
      'tags.group_id as group_id',
      'tag_groups.code as group_code',
      'tag_groups.name as group_name',
    ])
    .where('tags.company_id', '=', companyId);
  if (search.tagIds?.length) q = q.where('tags.id', 'in', search.tagIds);
  const text = search.textSearch?.trim();
  if (text) {
    const pattern = containsPattern(text);
    q = q.where(
      sql<boolean>`(lower(coalesce(${sql.ref('tags.name')}, '')) like ${pattern} escape '\\' or lower(${sql.ref('tags.code')}) like ${pattern} escape '\\')`,
    );
  }
  const result = await paginate(q, 'tags.id', page, echo({ company_id: companyId, tagIds: search.tagIds, textSearch: text }));
  const tagIds = result.data.map((t) => t.id);
  const values = tagIds.length
    ? await db
        .selectFrom('tag_dimension_values')
        .innerJoin('tag_group_dimensions', 'tag_group_dimensions.id', 'tag_dimension_values.dimension_id')
        .select([
          'tag_dimension_values.tag_id as tag_id',
          'tag_dimension_values.value as value',
          'tag_group_dimensions.id as id',
          'tag_group_dimensions.code as code',
          'tag_group_dimensions.name as name',
          'tag_group_dimensions.display_order as display_order',
          'tag_group_dimensions.visible as visible',
        ])
        .where('tag_dimension_values.company_id', '=', companyId)
        .where('tag_dimension_values.tag_id', 'in', tagIds)
        .orderBy('tag_group_dimensions.display_order')
        .orderBy('tag_group_dimensions.id')
        .execute()
    : [];
  const data: AggregatedTagModel[] = result.data.map((t) =>
    compact({
      id: t.id,
      companyId,
      code: t.code,
      name: t.name ?? undefined,
      archived: bool(t.archived),
      createdAt: t.created_at,
      updatedAt: t.updated_at,
      group: { id: t.group_id, code: t.group_code, name: t.group_name },
      dimensions: values
        .filter((v) => v.tag_id === t.id)
        .map((v) => ({
          id: v.id,
          code: v.code,
          name: v.name,
          displayOrder: Number(v.display_order),
          visible: bool(v.visible),
          value: v.value,
        })),
    }),
  );
  return { data, pagination: result.pagination };
}
