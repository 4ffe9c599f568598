import { Type } from 'typebox';
import { DateTime, Int32, StringMap, Text, Uuid } from '../common.ts';

/** Pleo's TagGroupModel. */
export const TagGroupModel = Type.Object({
  id: Uuid('Unique identifier of Tag Group (generated on creation)'),
  companyId: Uuid('Unique identifier of the company the Tag Group belongs to'),
  code: Type.String({ description: 'External identifier of the Tag group used for mapping to accounting system' }),
  name: Type.String({ description: 'User readable name of Tag Group' }),
  archived: Type.Boolean({ description: 'This tag group is not used anymore' }),
  metadata: StringMap,
  createdAt: DateTime('Creation date and time'),
  updatedAt: DateTime('Date and time of the last update'),
});

/** Pleo's TagModel. */
export const TagModel = Type.Object({
  id: Uuid('Unique identifier of Tag'),
  groupId: Uuid('Unique identifier of the Tag Group this tag belongs to'),
  code: Type.String({ description: 'External identifier of the Tag' }),
  name: Type.Optional(Type.String({ description: 'User readable name of the tag' })),
  archived: Type.Boolean({ description: 'This tag is not used anymore' }),
  createdAt: DateTime('Creation date and time'),
  updatedAt: DateTime('Date and time of the last update'),
});

/** TagGroupCreateModel */
export const TagGroupCreate = Type.Object({
  archived: Type.Boolean(),
  code: Type.String({ minLength: 1 }),
  metadata: Type.Optional(StringMap),
  name: Type.String({ minLength: 1 }),
});
/** TagGroupUpdateModel */
export const TagGroupUpdate = Type.Object({
  archived: Type.Boolean(),
  code: Type.String({ minLength: 1 }),
  metadata: StringMap,
  name: Type.String({ minLength: 1 }),
});
/** TagCreateModel / TagUpdateModel */
export const TagCreateUpdate = Type.Object({
  archived: Type.Boolean({ description: 'This tag is not used anymore' }),
  code: Type.String({ minLength: 1, description: 'External identifier of the Tag' }),
  name: Type.Optional(Type.String({ description: 'User readable name of the tag' })),
});

export const GroupIdParams = Type.Object({ groupId: Uuid() });
export const TagIdParams = Type.Object({ tagId: Uuid() });
export const CompanyIdQuery = { company_id: Type.Optional(Uuid('Must be the key’s company when given.')) };

// Tag group dimensions, tag dimension values and the aggregated views.

const dimensionFields = {
  code: Text({ minLength: 1, description: 'External identifier of the Tag group Dimension used for mapping to accounting system' }),
  name: Text({ minLength: 1, description: 'User readable name of Tag Group Dimension' }),
  displayOrder: Int32({ minimum: 1, description: 'Determines the order in which the dimensions are displayed in the UI. Starts from 1' }),
  visible: Type.Boolean({ description: 'Determines if this dimension is displayed in the UI' }),
};

/** TagGroupDimensionModel */
export const TagGroupDimensionModel = Type.Object({
  id: Uuid('Unique identifier of Tag Group Dimension (generated on creation)'),
  groupId: Uuid('Unique identifier of the Tag Group this dimension belongs to'),
  ...dimensionFields,
  createdAt: DateTime('Creation date and time'),
  updatedAt: DateTime('Date and time of the last update'),
});
/** TagGroupDimensionCreateModel / TagGroupDimensionUpdateModel */
export const TagGroupDimensionInput = Type.Object(dimensionFields);

/** TagDimensionValueModel */
export const TagDimensionValueModel = Type.Object({
  tagId: Uuid('Unique identifier of the Tag this dimension value belongs to'),
  dimensionId: Uuid('Unique identifier of the Tag Group Dimension this dimension value is associated with'),
  value: Type.String({ description: 'Value of the given dimension for the given tag' }),
  createdAt: DateTime('Creation date and time'),
  updatedAt: DateTime('Date and time of the last update'),
});
/** TagDimensionValueCreateModel / TagDimensionValueUpdateModel */
export const TagDimensionValueInput = Type.Object({
  value: Text({ maxLength: 1000, description: 'Value of the given dimension for the given tag' }),
});

const AggregatedDimension = Type.Object({
  id: Uuid('Unique identifier of Tag Group Dimension'),
  code: Type.String(),
  name: Type.String(),
  displayOrder: Type.Integer(),
  visible: Type.Boolean(),
});

/** AggregatedTagGroupModel */
export const AggregatedTagGroupModel = Type.Object({
  id: Uuid('Unique identifier of Tag Group (generated on creation)'),
  companyId: Uuid('Unique identifier of the company the Tag Group belongs to'),
  code: Type.String(),
  name: Type.String(),
  archived: Type.Boolean(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
  dimensions: Type.Array(AggregatedDimension, { description: 'List of all the dimensions associated with this tag group' }),
});

/** AggregatedTagModel */
export const AggregatedTagModel = Type.Object({
  id: Uuid('Unique identifier of Tag'),
  companyId: Uuid('Unique identifier of the company the Tag Group belongs to'),
  code: Type.String({ description: 'External identifier of the Tag' }),
  name: Type.Optional(Type.String()),
  archived: Type.Boolean(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
  group: Type.Object(
    { id: Uuid(), code: Type.String(), name: Type.String() },
    { description: 'Details of the Tag Group this tag belongs to' },
  ),
  dimensions: Type.Array(Type.Object({ ...AggregatedDimension.properties, value: Type.String() }), {
    description: 'The dimensions the tag has a value for, with the value',
  }),
});

/** AggregatedTagSearchRequest */
export const AggregatedTagSearchRequest = Type.Object({
  tagIds: Type.Optional(
    Type.Array(Uuid(), {
      uniqueItems: true,
      maxItems: 100,
      description: 'Useful for fetching a list of tags given a specific list of IDs.',
    }),
  ),
  textSearch: Type.Optional(Text({ description: 'Free text search for tags by name' })),
});

export const GroupDimensionParams = Type.Object({ groupId: Uuid(), dimensionId: Uuid() });
export const TagDimensionParams = Type.Object({ tagId: Uuid(), dimensionId: Uuid() });
