import type { ExternalRoute } from '../route.ts';
import { activateMyInstallation } from './activate-me.ts';
import { deleteMyInstallation } from './delete-me.ts';
import { getMyInstallation } from './get-me.ts';
import { introspect } from './introspect.ts';
import { createMyInstallation } from './post-me.ts';
import { updateMyInstallation } from './put-me.ts';

export const installationRoutes: ExternalRoute[] = [
  getMyInstallation,
  createMyInstallation,
  updateMyInstallation,
  deleteMyInstallation,
  activateMyInstallation,
  introspect,
];
