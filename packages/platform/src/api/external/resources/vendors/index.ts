import type { ExternalRoute } from '../../route.ts';
import { activateVendorRoute } from './activate-vendor.ts';
import { archiveVendorRoute } from './archive-vendor.ts';
import { createCsvImportJobRoute } from './create-csv-import-job.ts';
import { createVendorRoute } from './create-vendor.ts';
import { getCsvImportJobRoute } from './get-csv-import-job.ts';
import { getCsvImportUploadUrlRoute } from './get-csv-import-upload-url.ts';
import { getVendorRoute } from './get-vendor.ts';
import { listCsvImportErrorsRoute } from './list-csv-import-errors.ts';
import { runCsvImportJobRoute } from './run-csv-import-job.ts';
import { searchCsvImportJobsRoute } from './search-csv-import-jobs.ts';
import { searchVendorsRoute } from './search-vendors.ts';
import { updateCsvImportMetadataRoute } from './update-csv-import-metadata.ts';
import { updateCsvImportStatusRoute } from './update-csv-import-status.ts';
import { updateVendorRoute } from './update-vendor.ts';

export const vendorRoutes: ExternalRoute[] = [
  createVendorRoute,
  searchVendorsRoute,
  getVendorRoute,
  updateVendorRoute,
  archiveVendorRoute,
  activateVendorRoute,
  createCsvImportJobRoute,
  searchCsvImportJobsRoute,
  getCsvImportJobRoute,
  listCsvImportErrorsRoute,
  updateCsvImportMetadataRoute,
  updateCsvImportStatusRoute,
  getCsvImportUploadUrlRoute,
  runCsvImportJobRoute,
];
