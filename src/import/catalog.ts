import type { EntityManager } from "typeorm";
import { nameKey, type Directory } from "../directory";
import type { NameLookup } from "./row-parse";

export interface OrgCatalog extends NameLookup {
  /** Names as the template lists them. */
  names: { departments: string[]; jobProfiles: string[]; permissionTypes: string[]; languages: string[] };
}

/**
 * The organisation's departments, job profiles and permission types by name, loaded once per
 * import: rows name them, and looking each one up per row would cost three queries a row.
 */
export async function loadCatalog(
  directory: Directory,
  organisationId: string,
  manager?: EntityManager,
): Promise<OrgCatalog> {
  const [org, departments, jobProfiles, permissionTypes] = await Promise.all([
    directory.organisations.getById(organisationId),
    directory.departments.list(organisationId, manager),
    directory.jobProfiles.list(organisationId, manager),
    directory.permissionTypes.list(organisationId, manager),
  ]);
  const byKey = (entries: Array<{ id: string; name: string }>) =>
    new Map(entries.map((e) => [nameKey(e.name), e.id]));
  return {
    departments: byKey(departments),
    jobProfiles: byKey(jobProfiles),
    permissionTypes: byKey(permissionTypes),
    names: {
      departments: departments.map((d) => d.name),
      jobProfiles: jobProfiles.map((j) => j.name),
      permissionTypes: permissionTypes.map((p) => p.name),
      languages: [...org.languages],
    },
  };
}
