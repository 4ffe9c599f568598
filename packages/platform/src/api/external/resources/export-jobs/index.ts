import type { ExternalRoute } from '../../route.ts';
import { createExportJobRoute } from './create-export-job.ts';
import { createExportJobEventRoute } from './create-export-job-event.ts';
import { getExportJobRoute } from './get-export-job.ts';
import { getExportJobItemRoute } from './get-export-job-item.ts';
import { listExportJobItemsRoute } from './list-export-job-items.ts';
import { listExportJobsRoute } from './list-export-jobs.ts';
import { updateExportJobItemsRoute } from './update-export-job-items.ts';

export const exportJobRoutes: ExternalRoute[] = [
  listExportJobsRoute,
  createExportJobRoute,
  getExportJobRoute,
  listExportJobItemsRoute,
  updateExportJobItemsRoute,
  createExportJobEventRoute,
  getExportJobItemRoute,
];
