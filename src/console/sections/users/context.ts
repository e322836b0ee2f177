import type { Request } from "express";

import type { ConsoleDeps } from "../../deps";
import type { Catalogues } from "../user-form";

/** What the parts of the users section share. */
export interface UsersContext {
  deps: ConsoleDeps;
  /** The section's own address, `/o/<slug>/admin/users`. */
  base: (req: Request) => string;
  /** The organisation's departments, job profiles and permission types (the filters and the form). */
  catalogues: (organisationId: string) => Promise<Catalogues>;
}

export function usersContext(deps: ConsoleDeps): UsersContext {
  const { directory } = deps;
  const base = (req: Request) => `/o/${req.org?.slug ?? ""}/admin/users`;

  const catalogues = async (organisationId: string): Promise<Catalogues> => {
    const [departments, jobProfiles, permissionTypes] = await Promise.all([
      directory.departments.list(organisationId),
      directory.jobProfiles.list(organisationId),
      directory.permissionTypes.list(organisationId),
    ]);
    return { departments, jobProfiles, permissionTypes };
  };

  return { deps, base, catalogues };
}
