import { Type } from 'typebox';
import { DateTime, StringMap, Uuid } from '../common.ts';

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
