import type { ExternalRoute } from '../../route.ts';
import { createGroupDimensionRoute } from './create-group-dimension.ts';
import { createTagRoute } from './create-tag.ts';
import { createTagDimensionValueRoute } from './create-tag-dimension-value.ts';
import { createTagGroupRoute } from './create-tag-group.ts';
import { deleteGroupDimensionRoute } from './delete-group-dimension.ts';
import { deleteTagRoute } from './delete-tag.ts';
import { deleteTagDimensionValueRoute } from './delete-tag-dimension-value.ts';
import { deleteTagGroupRoute } from './delete-tag-group.ts';
import { getGroupDimensionRoute } from './get-group-dimension.ts';
import { getTagRoute } from './get-tag.ts';
import { getTagDimensionValueRoute } from './get-tag-dimension-value.ts';
import { getTagGroupRoute } from './get-tag-group.ts';
import { listAggregatedTagGroupsRoute } from './list-aggregated-tag-groups.ts';
import { listGroupDimensionsRoute } from './list-group-dimensions.ts';
import { listGroupTagsRoute } from './list-group-tags.ts';
import { listTagDimensionValuesRoute } from './list-tag-dimension-values.ts';
import { listTagGroupsRoute } from './list-tag-groups.ts';
import { searchAggregatedTagsRoute } from './search-aggregated-tags.ts';
import { searchTagsRoute } from './search-tags.ts';
import { updateGroupDimensionRoute } from './update-group-dimension.ts';
import { updateTagRoute } from './update-tag.ts';
import { updateTagDimensionValueRoute } from './update-tag-dimension-value.ts';
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
  listGroupDimensionsRoute,
  createGroupDimensionRoute,
  getGroupDimensionRoute,
  updateGroupDimensionRoute,
  deleteGroupDimensionRoute,
  listTagDimensionValuesRoute,
  getTagDimensionValueRoute,
  createTagDimensionValueRoute,
  updateTagDimensionValueRoute,
  deleteTagDimensionValueRoute,
  listAggregatedTagGroupsRoute,
  searchAggregatedTagsRoute,
];
