import type { TagDimensionValue, TagGroupDimension } from '../../db/resources-schema.ts';
import { nowIso } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { bool, flag, isUniqueViolation, timeOrderedId } from './common.ts';
import { mustGetGroup, mustGetTag } from './tags.ts';

/**
 * Tag group dimensions: the ERP dimensions a tag group maps to (a project's cost centre, a department's
 * region), and each tag's value for them. Pleo always has the tag's name and code as dimensions; those are
 * not stored here, so the lists hold only the extra ones.
 */

/** Pleo's TagGroupDimensionModel. */
export interface TagGroupDimensionModel {
  id: string;
  groupId: string;
  code: string;
  name: string;
  displayOrder: number;
  visible: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Pleo's TagDimensionValueModel. */
export interface TagDimensionValueModel {
  tagId: string;
  dimensionId: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export const toDimensionModel = (row: TagGroupDimension): TagGroupDimensionModel => ({
  id: row.id,
  groupId: row.group_id,
  code: row.code,
  name: row.name,
  displayOrder: Number(row.display_order),
  visible: bool(row.visible),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toDimensionValueModel = (row: TagDimensionValue): TagDimensionValueModel => ({
  tagId: row.tag_id,
  dimensionId: row.dimension_id,
  value: row.value,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface TagGroupDimensionInput {
  code: string;
  name: string;
  displayOrder: number;
  visible: boolean;
}

const dimensionConflict = (code: string) =>
  conflict(`a dimension with code "${code}" already exists in this tag group`, 'TAG_GROUP_DIMENSION_ALREADY_EXISTS');
const dimensionNotFound = (id: string) => notFound(`tag group dimension ${id} not found`, 'TAG_GROUP_DIMENSION_NOT_FOUND');

/** Dimensions in display order (then creation). */
export async function listGroupDimensions(db: Executor, companyId: string, groupId: string): Promise<TagGroupDimensionModel[]> {
  await mustGetGroup(db, companyId, groupId);
  const rows = await db
    .selectFrom('tag_group_dimensions')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('group_id', '=', groupId)
    .orderBy('display_order')
    .orderBy('id')
    .execute();
  return rows.map(toDimensionModel);
}

async function mustGetDimension(db: Executor, companyId: string, groupId: string, dimensionId: string): Promise<TagGroupDimension> {
  const row = await db
    .selectFrom('tag_group_dimensions')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('group_id', '=', groupId)
    .where('id', '=', dimensionId)
    .executeTakeFirst();
  if (!row) throw dimensionNotFound(dimensionId);
  return row;
}

export async function getGroupDimension(db: Executor, companyId: string, groupId: string, dimensionId: string) {
  await mustGetGroup(db, companyId, groupId);
  return toDimensionModel(await mustGetDimension(db, companyId, groupId, dimensionId));
}

export async function createGroupDimension(
  db: Executor,
  companyId: string,
  groupId: string,
  input: TagGroupDimensionInput,
): Promise<TagGroupDimensionModel> {
  await mustGetGroup(db, companyId, groupId);
  const at = nowIso();
  const row: TagGroupDimension = {
    id: timeOrderedId(),
    company_id: companyId,
    group_id: groupId,
    code: input.code,
    name: input.name,
    display_order: input.displayOrder,
    visible: flag(input.visible),
    created_at: at,
    updated_at: at,
  };
  try {
    await db.insertInto('tag_group_dimensions').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw dimensionConflict(row.code);
    throw err;
  }
  return toDimensionModel(row);
}

export async function updateGroupDimension(
  db: Executor,
  companyId: string,
  groupId: string,
  dimensionId: string,
  input: TagGroupDimensionInput,
): Promise<TagGroupDimensionModel> {
  await mustGetGroup(db, companyId, groupId);
  await mustGetDimension(db, companyId, groupId, dimensionId);
  try {
    await db
      .updateTable('tag_group_dimensions')
      .set({ code: input.code, name: input.name, display_order: input.displayOrder, visible: flag(input.visible), updated_at: nowIso() })
      .where('company_id', '=', companyId)
      .where('id', '=', dimensionId)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw dimensionConflict(input.code);
    throw err;
  }
  return toDimensionModel(await mustGetDimension(db, companyId, groupId, dimensionId));
}

/** Deletes the dimension and every tag's value for it. */
export async function deleteGroupDimension(db: Executor, companyId: string, groupId: string, dimensionId: string): Promise<void> {
  await mustGetGroup(db, companyId, groupId);
  await mustGetDimension(db, companyId, groupId, dimensionId);
  await db.deleteFrom('tag_dimension_values').where('company_id', '=', companyId).where('dimension_id', '=', dimensionId).execute();
  await db.deleteFrom('tag_group_dimensions').where('company_id', '=', companyId).where('id', '=', dimensionId).execute();
}

/** A tag's values, in its group's dimension order. */
export async function listTagDimensionValues(db: Executor, companyId: string, tagId: string): Promise<TagDimensionValueModel[]> {
  await mustGetTag(db, companyId, tagId);
  const rows = await db
    .selectFrom('tag_dimension_values')
    .innerJoin('tag_group_dimensions', 'tag_group_dimensions.id', 'tag_dimension_values.dimension_id')
    .selectAll('tag_dimension_values')
    .where('tag_dimension_values.company_id', '=', companyId)
    .where('tag_dimension_values.tag_id', '=', tagId)
    .orderBy('tag_group_dimensions.display_order')
    .orderBy('tag_group_dimensions.id')
    .execute();
  return rows.map(toDimensionValueModel);
}

/** The tag and one dimension of the tag's own group (a dimension of another group is not found). */
async function mustGetTagAndDimension(db: Executor, companyId: string, tagId: string, dimensionId: string) {
  const tag = await mustGetTag(db, companyId, tagId);
  await mustGetDimension(db, companyId, tag.group_id, dimensionId);
  return tag;
}

const findValue = (db: Executor, companyId: string, tagId: string, dimensionId: string) =>
  db
    .selectFrom('tag_dimension_values')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('tag_id', '=', tagId)
    .where('dimension_id', '=', dimensionId)
    .executeTakeFirst();

const valueNotFound = (tagId: string, dimensionId: string) =>
  notFound(`tag ${tagId} has no value for dimension ${dimensionId}`, 'TAG_DIMENSION_VALUE_NOT_FOUND');

async function mustGetValue(db: Executor, companyId: string, tagId: string, dimensionId: string): Promise<TagDimensionValue> {
  await mustGetTagAndDimension(db, companyId, tagId, dimensionId);
  const row = await findValue(db, companyId, tagId, dimensionId);
  if (!row) throw valueNotFound(tagId, dimensionId);
  return row;
}

export async function getTagDimensionValue(db: Executor, companyId: string, tagId: string, dimensionId: string) {
  return toDimensionValueModel(await mustGetValue(db, companyId, tagId, dimensionId));
}

/** 409 when the tag already has a value for the dimension (PUT changes it). */
export async function createTagDimensionValue(
  db: Executor,
  companyId: string,
  tagId: string,
  dimensionId: string,
  value: string,
): Promise<TagDimensionValueModel> {
  await mustGetTagAndDimension(db, companyId, tagId, dimensionId);
  const at = nowIso();
  const row: TagDimensionValue = { company_id: companyId, tag_id: tagId, dimension_id: dimensionId, value, created_at: at, updated_at: at };
  try {
    await db.insertInto('tag_dimension_values').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`tag ${tagId} already has a value for dimension ${dimensionId}`, 'TAG_DIMENSION_VALUE_ALREADY_EXISTS');
    throw err;
  }
  return toDimensionValueModel(row);
}

export async function updateTagDimensionValue(
  db: Executor,
  companyId: string,
  tagId: string,
  dimensionId: string,
  value: string,
): Promise<TagDimensionValueModel> {
  await mustGetValue(db, companyId, tagId, dimensionId);
  await db
    .updateTable('tag_dimension_values')
    .set({ value, updated_at: nowIso() })
    .where('company_id', '=', companyId)
    .where('tag_id', '=', tagId)
    .where('dimension_id', '=', dimensionId)
    .execute();
  return toDimensionValueModel(await mustGetValue(db, companyId, tagId, dimensionId));
}

/** Deletes the value and answers it, as Pleo does. */
export async function deleteTagDimensionValue(
  db: Executor,
  companyId: string,
  tagId: string,
  dimensionId: string,
): Promise<TagDimensionValueModel> {
  const row = await mustGetValue(db, companyId, tagId, dimensionId);
  await db
    .deleteFrom('tag_dimension_values')
    .where('company_id', '=', companyId)
    .where('tag_id', '=', tagId)
    .where('dimension_id', '=', dimensionId)
    .execute();
  return toDimensionValueModel(row);
}
