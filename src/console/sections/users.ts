import { Router } from "express";

import type { ConsoleDeps } from "../deps";
import { activationRoutes } from "./users/activation";
import { usersContext } from "./users/context";
import { detailRoutes } from "./users/detail";
import { createRoutes, editRoutes, statusRoutes } from "./users/edit";
import { listRoutes } from "./users/list";
import { importRoutes } from "./users-import";

export { statusBadge } from "./users/views";

/**
 * `/users`: the paged, searchable, filterable list (src/directory/user-list.ts, what GET /users of
 * the admin API uses), create and edit through directory.users (the same rules and errors),
 * deactivate/reactivate, activation and one-time passwords through the activation service (as
 * src/admin/activation-routes.ts), the messages' delivery status, and the Excel import.
 */
export function usersSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const ctx = usersContext(deps);

  // Express matches in the order routes are added: "/new" and "/import…" must come before "/:id".
  listRoutes(router, ctx);
  // The import (template, upload, dry run, apply, progress, report): before "/:id".
  importRoutes(router, deps);
  createRoutes(router, ctx);
  detailRoutes(router, ctx);
  editRoutes(router, ctx);
  statusRoutes(router, ctx);
  activationRoutes(router, ctx);
  return router;
}
