/**
 * The console's messages for the catalogue sections: departments, job profiles, permission types.
 * Spread into the catalogs in src/console/i18n.ts; English is complete, Danish falls back key by key.
 */
export const CATALOG_EN = {
  "catalog.departments": "Departments",
  "catalog.job-profiles": "Job profiles",
  "catalog.permission-types": "Permission types",
  "catalog.new": "Add",
  "catalog.newName": "Name of the new entry",
  "catalog.created": "“{name}” was added.",
  "catalog.renamed": "Renamed to “{name}”.",
  "catalog.deleted": "“{name}” was deleted.",
  "catalog.deleteRefused": "“{name}” was not deleted: {reason}",
  "catalog.defaultMarker": "Default",
  "catalog.consoleAccess": "Console access",
  "catalog.consoleAccessHint": "Users with this permission type may use this administration console.",
  "catalog.users": "Users",
  "catalog.renameLabel": "New name for {name}",
  "catalog.parent": "Part of (parent department)",
};

export const CATALOG_DA: Partial<Record<keyof typeof CATALOG_EN, string>> = {
  "catalog.departments": "Afdelinger",
  "catalog.job-profiles": "Jobprofiler",
  "catalog.permission-types": "Rettighedstyper",
  "catalog.new": "Tilføj",
  "catalog.newName": "Navn på den nye post",
  "catalog.created": "“{name}” blev tilføjet.",
  "catalog.renamed": "Omdøbt til “{name}”.",
  "catalog.deleted": "“{name}” blev slettet.",
  "catalog.deleteRefused": "“{name}” blev ikke slettet: {reason}",
  "catalog.defaultMarker": "Standard",
  "catalog.consoleAccess": "Konsoladgang",
  "catalog.consoleAccessHint": "Brugere med denne rettighedstype må bruge administrationskonsollen.",
  "catalog.users": "Brugere",
  "catalog.renameLabel": "Nyt navn til {name}",
  "catalog.parent": "Del af (overordnet afdeling)",
};
