import { describeResourceSecurity } from '../test-fixtures.ts';

const dimension = { code: 'SEC', name: 'Security dimension', displayOrder: 3, visible: true };

describeResourceSecurity('GET /v0/tag-groups/{groupId}/dimensions', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions`,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/dimensions`,
}));
describeResourceSecurity('POST /v0/tag-groups/{groupId}/dimensions', (w) => ({
  method: 'POST',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions`,
  body: dimension,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/dimensions`,
}));
describeResourceSecurity('GET /v0/tag-groups/{groupId}/dimensions/{dimensionId}', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions/${w.a.dimensionId}`,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('PUT /v0/tag-groups/{groupId}/dimensions/{dimensionId}', (w) => ({
  method: 'PUT',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions/${w.a.dimensionId}`,
  body: dimension,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('DELETE /v0/tag-groups/{groupId}/dimensions/{dimensionId}', (w) => ({
  method: 'DELETE',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions/${w.a.dimensionId}`,
  // Another company's dimension under the key's own group, too.
  otherCompanyPath: () => `/v0/tag-groups/${w.a.tagGroupId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('GET /v0/tags/{tagId}/dimensions', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tags/${w.a.tagId}/dimensions`,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}/dimensions`,
}));
describeResourceSecurity('GET /v0/tags/{tagId}/dimensions/{dimensionId}', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tags/${w.a.tagId}/dimensions/${w.a.dimensionId}`,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('POST /v0/tags/{tagId}/dimensions/{dimensionId}', (w) => ({
  method: 'POST',
  scope: 'tag-groups:write',
  path: () => `/v0/tags/${w.a.tagId}/dimensions/${w.a.dimensionId}`,
  body: { value: 'X' },
  otherCompanyPath: () => `/v0/tags/${w.a.tagId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('PUT /v0/tags/{tagId}/dimensions/{dimensionId}', (w) => ({
  method: 'PUT',
  scope: 'tag-groups:write',
  path: () => `/v0/tags/${w.a.tagId}/dimensions/${w.a.dimensionId}`,
  body: { value: 'X' },
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('DELETE /v0/tags/{tagId}/dimensions/{dimensionId}', (w) => ({
  method: 'DELETE',
  scope: 'tag-groups:write',
  path: () => `/v0/tags/${w.a.tagId}/dimensions/${w.a.dimensionId}`,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}/dimensions/${w.b.dimensionId}`,
}));
describeResourceSecurity('GET /v0/aggregations/tag-groups', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/aggregations/tag-groups?company_id=${w.a.companyId}`,
  otherCompanyPath: () => `/v0/aggregations/tag-groups?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('POST /v0/aggregations/tags', (w) => ({
  method: 'POST',
  scope: 'tag-groups:read',
  path: () => `/v0/aggregations/tags?company_id=${w.a.companyId}`,
  body: {},
  otherCompanyPath: () => `/v0/aggregations/tags?company_id=${w.b.companyId}`,
}));
