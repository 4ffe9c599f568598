import type { ExternalRoute } from '../../route.ts';
import { getExportItemRoute } from './get-export-item.ts';
import { listExportItemsRoute } from './list-export-items.ts';

export const exportItemRoutes: ExternalRoute[] = [listExportItemsRoute, getExportItemRoute];
