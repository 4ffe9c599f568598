import type { ExternalRoute } from '../../route.ts';
import { activateVendorRoute } from './activate-vendor.ts';
import { archiveVendorRoute } from './archive-vendor.ts';
import { createVendorRoute } from './create-vendor.ts';
import { getVendorRoute } from './get-vendor.ts';
import { searchVendorsRoute } from './search-vendors.ts';
import { updateVendorRoute } from './update-vendor.ts';

export const vendorRoutes: ExternalRoute[] = [
  createVendorRoute,
  searchVendorsRoute,
  getVendorRoute,
  updateVendorRoute,
  archiveVendorRoute,
  activateVendorRoute,
];
