import { sql } from 'kysely';
import { paginate } from '../../db/paginate.ts';
import type { Tag, TagGroup } from '../../db/resources-schema.ts';
import { nowIso, parseJson } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { bool, compact, containsPattern, echo, flag, isUniqueViolation, type PageRequest, timeOrderedId } from './common.ts';

/** Pleo's TagGroupModel. */
export interface TagGroupModel {
  id: string;
  companyId: string;
  code: string;
  name: string;
  archived: boolean;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** Pleo's TagModel. */
export interface TagModel {
  id: string;
  groupId: string;
  code: string;
  name?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export const toTagGroupModel = (row: TagGroup): TagGroupModel => ({
  id: row.id,
  companyId: row.company_id,
  code: row.code,
  name: row.name,
  archived: bool(row.archived),
  metadata: parseJson<Record<string, string>>(row.metadata, {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toTagModel = (row: Tag): TagModel =>
  compact({
    id: row.id,
    groupId: row.group_id,
    code: row.code,
    name: row.name ?? undefined,
    archived: bool(row.archived),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

export interface TagGroupInput {
  code: string;
  name: string;
  archived: boolean;
  metadata?: Record<string, string>;
}

function validateGroup(input: TagGroupInput): void {
  if (!input.code?.trim()) throw invalid('code must not be empty');
  if (!input.name?.trim()) throw invalid('name must not be empty');
}

const groupConflict = (code: string) => conflict(`a tag group with code "${code}" already exists`, 'TAG_GROUP_ALREADY_EXISTS');
const tagConflict = (code: string) => conflict(`a tag with code "${code}" already exists in this tag group`, 'TAG_ALREADY_EXISTS');

export async function listTagGroups(db: Executor, companyId: string): Promise<TagGroupModel[]> {
  const rows = await db.selectFrom('tag_groups').selectAll().where('company_id', '=', companyId).orderBy('name').orderBy('id').execute();
  return rows.map(toTagGroupModel);
}

export async function createTagGroup(db: Executor, companyId: string, input: TagGroupInput): Promise<TagGroupModel> {
  validateGroup(input);
  const at = nowIso();
  const row: TagGroup = {
    id: timeOrderedId(),
    company_id: companyId,
    code: input.code.trim(),
    name: input.name.trim(),
    archived: flag(input.archived),
    metadata: JSON.stringify(input.metadata ?? {}),
    created_at: at,
    updated_at: at,
  };
  try {
    await db.insertInto('tag_groups').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw groupConflict(row.code);
    throw err;
  }
  return toTagGroupModel(row);
}

export async function mustGetGroup(db: Executor, companyId: string, groupId: string): Promise<TagGroup> {
  const row = await db
    .selectFrom('tag_groups')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!row) throw notFound(`tag group ${groupId} not found`);
  return row;
}

export async function getTagGroup(db: Executor, companyId: string, groupId: string): Promise<TagGroupModel> {
  return toTagGroupModel(await mustGetGroup(db, companyId, groupId));
}

export async function updateTagGroup(db: Executor, companyId: string, groupId: string, input: TagGroupInput): Promise<TagGroupModel> {
  await mustGetGroup(db, companyId, groupId);
  validateGroup(input);
  try {
    await db
      .updateTable('tag_groups')
      .set({
        code: input.code.trim(),
        name: input.name.trim(),
        archived: flag(input.archived),
        metadata: JSON.stringify(input.metadata ?? {}),
        updated_at: nowIso(),
      })
      .where('company_id', '=', companyId)
      .where('id', '=', groupId)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw groupConflict(input.code);
    throw err;
  }
  return getTagGroup(db, companyId, groupId);
}

/** Expenses hold their tags as a JSON array of ids. */
const expenseUsesTag = (db: Executor, companyId: string, tagIds: string[]) =>
  db
    .selectFrom('expenses')
    .select('id')
    .where('company_id', '=', companyId)
    .where((eb) => eb.or(tagIds.map((id) => eb('tag_ids', 'like', `%"${id}"%`))))
    .executeTakeFirst();

/** Deletes the group and its tags; refused (409) while an expense uses one of them (archive instead). */
export async function deleteTagGroup(db: Executor, companyId: string, groupId: string): Promise<true> {
  await mustGetGroup(db, companyId, groupId);
  const tags = await db.selectFrom('tags').select('id').where('company_id', '=', companyId).where('group_id', '=', groupId).execute();
  if (
    tags.length &&
    (await expenseUsesTag(
      db,
      companyId,
      tags.map((t) => t.id),
    ))
  ) {
    throw conflict('a tag of this group is used by accounting entries; archive the group instead', 'TAG_IN_USE');
  }
  await db.deleteFrom('tags').where('company_id', '=', companyId).where('group_id', '=', groupId).execute();
  await db.deleteFrom('tag_groups').where('company_id', '=', companyId).where('id', '=', groupId).execute();
  return true;
}

export interface TagInput {
  code: string;
  name?: string | null;
  archived: boolean;
}

export async function listGroupTags(db: Executor, companyId: string, groupId: string, includeArchived: boolean, page: PageRequest) {
  await mustGetGroup(db, companyId, groupId);
  let q = db.selectFrom('tags').selectAll().where('company_id', '=', companyId).where('group_id', '=', groupId);
  if (!includeArchived) q = q.where('archived', '=', 0);
  const result = await paginate(q, 'id', page, echo({ groupId, include_archived: includeArchived ? 'true' : undefined }));
  return { data: result.data.map(toTagModel), pagination: result.pagination };
}

export async function createTag(db: Executor, companyId: string, groupId: string, input: TagInput): Promise<TagModel> {
  await mustGetGroup(db, companyId, groupId);
  if (!input.code?.trim()) throw invalid('code must not be empty');
  const at = nowIso();
  const row: Tag = {
    id: timeOrderedId(),
    company_id: companyId,
    group_id: groupId,
    code: input.code.trim(),
    name: input.name?.trim() || null,
    archived: flag(input.archived),
    created_at: at,
    updated_at: at,
  };
  try {
    await db.insertInto('tags').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw tagConflict(row.code);
    throw err;
  }
  return toTagModel(row);
}

/** `GET /v0/tags`: the company's tags, optionally those whose name or code contains `textSearch`. */
export async function searchTags(db: Executor, companyId: string, textSearch: string | undefined, page: PageRequest) {
  let q = db.selectFrom('tags').selectAll().where('company_id', '=', companyId);
  if (textSearch?.trim()) {
    const pattern = containsPattern(textSearch.trim());
    q = q.where(
      sql<boolean>`(lower(coalesce(${sql.ref('name')}, '')) like ${pattern} escape '\\' or lower(${sql.ref('code')}) like ${pattern} escape '\\')`,
    );
  }
  const result = await paginate(q, 'id', page, echo({ company_id: companyId, text_search: textSearch }));
  return { data: result.data.map(toTagModel), pagination: result.pagination };
}

export async function mustGetTag(db: Executor, companyId: string, tagId: string): Promise<Tag> {
  const row = await db.selectFrom('tags').selectAll().where('company_id', '=', companyId).where('id', '=', tagId).executeTakeFirst();
  if (!row) throw notFound(`tag ${tagId} not found`);
  return row;
}

export async function getTag(db: Executor, companyId: string, tagId: string): Promise<TagModel> {
  return toTagModel(await mustGetTag(db, companyId, tagId));
}

export async function updateTag(db: Executor, companyId: string, tagId: string, input: TagInput): Promise<TagModel> {
  await mustGetTag(db, companyId, tagId);
  if (!input.code?.trim()) throw invalid('code must not be empty');
  try {
    await db
      .updateTable('tags')
      .set({
        code: input.code.trim(),
        ...(input.name !== undefined ? { name: input.name?.trim() || null } : {}),
        archived: flag(input.archived),
        updated_at: nowIso(),
      })
      .where('company_id', '=', companyId)
      .where('id', '=', tagId)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw tagConflict(input.code);
    throw err;
  }
  return getTag(db, companyId, tagId);
}

export async function deleteTag(db: Executor, companyId: string, tagId: string): Promise<void> {
  await mustGetTag(db, companyId, tagId);
  if (await expenseUsesTag(db, companyId, [tagId]))
    throw conflict('the tag is used by accounting entries; archive it instead', 'TAG_IN_USE');
  await db.deleteFrom('tags').where('company_id', '=', companyId).where('id', '=', tagId).execute();
}
