import type { ExternalRoute } from '../../route.ts';
import { createTagRoute } from './create-tag.ts';
import { createTagGroupRoute } from './create-tag-group.ts';
import { deleteTagRoute } from './delete-tag.ts';
import { deleteTagGroupRoute } from './delete-tag-group.ts';
import { getTagRoute } from './get-tag.ts';
import { getTagGroupRoute } from './get-tag-group.ts';
import { listGroupTagsRoute } from './list-group-tags.ts';
import { listTagGroupsRoute } from './list-tag-groups.ts';
import { searchTagsRoute } from './search-tags.ts';
import { updateTagRoute } from './update-tag.ts';
import { updateTagGroupRoute } from './update-tag-group.ts';

export const tagRoutes: ExternalRoute[] = [
  listTagGroupsRoute,
  createTagGroupRoute,
  getTagGroupRoute,
  updateTagGroupRoute,
  deleteTagGroupRoute,
  listGroupTagsRoute,
  createTagRoute,
  searchTagsRoute,
  getTagRoute,
  updateTagRoute,
  deleteTagRoute,
];
