import { describeResourceSecurity } from '../test-fixtures.ts';

const group = { code: 'SEC', name: 'Security group', archived: false, metadata: {} };
const tag = { code: 'SEC-1', name: 'Security tag', archived: false };

describeResourceSecurity('GET /v0/tag-groups', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tag-groups?company_id=${w.a.companyId}`,
  otherCompanyPath: () => `/v0/tag-groups?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('POST /v0/tag-groups', (w) => ({
  method: 'POST',
  scope: 'tag-groups:write',
  path: '/v0/tag-groups',
  body: group,
  otherCompanyPath: () => `/v0/tag-groups?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v0/tag-groups/{groupId}', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}`,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}`,
}));
describeResourceSecurity('PUT /v0/tag-groups/{groupId}', (w) => ({
  method: 'PUT',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}`,
  body: group,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}`,
}));
describeResourceSecurity('DELETE /v0/tag-groups/{groupId}', (w) => ({
  method: 'DELETE',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}`,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}`,
}));
describeResourceSecurity('GET /v0/tag-groups/{groupId}/tags', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/tags`,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/tags`,
}));
describeResourceSecurity('POST /v0/tag-groups/{groupId}/tags', (w) => ({
  method: 'POST',
  scope: 'tag-groups:write',
  path: () => `/v0/tag-groups/${w.a.tagGroupId}/tags`,
  body: tag,
  otherCompanyPath: () => `/v0/tag-groups/${w.b.tagGroupId}/tags`,
}));
describeResourceSecurity('GET /v0/tags', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tags?company_id=${w.a.companyId}`,
  otherCompanyPath: () => `/v0/tags?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v0/tags/{tagId}', (w) => ({
  method: 'GET',
  scope: 'tag-groups:read',
  path: () => `/v0/tags/${w.a.tagId}`,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}`,
}));
describeResourceSecurity('PUT /v0/tags/{tagId}', (w) => ({
  method: 'PUT',
  scope: 'tag-groups:write',
  path: () => `/v0/tags/${w.a.tagId}`,
  body: tag,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}`,
}));
describeResourceSecurity('DELETE /v0/tags/{tagId}', (w) => ({
  method: 'DELETE',
  scope: 'tag-groups:write',
  path: () => `/v0/tags/${w.a.tagId}`,
  otherCompanyPath: () => `/v0/tags/${w.b.tagId}`,
}));
