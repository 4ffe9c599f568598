import type { ExternalRoute } from '../../route.ts';
import { createExportJobV2Route } from './create-export-job.ts';
import { createExportJobEventV2Route } from './create-export-job-event.ts';
import { getExportJobV2Route } from './get-export-job.ts';
import { listExportItemsV2Route } from './list-export-items.ts';
import { listExportJobItemsV2Route } from './list-export-job-items.ts';
import { listExportJobsV2Route } from './list-export-jobs.ts';
import { updateExportJobItemsV2Route } from './update-export-job-items.ts';

/** Pleo's Export API v2, which existing integrations still call: the v3 domain behind v2's shapes. */
export const exportV2Routes: ExternalRoute[] = [
  listExportJobsV2Route,
  createExportJobV2Route,
  getExportJobV2Route,
  listExportJobItemsV2Route,
  updateExportJobItemsV2Route,
  createExportJobEventV2Route,
  listExportItemsV2Route,
];
