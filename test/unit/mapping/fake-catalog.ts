import type { CatalogPort, CatalogTarget, NamedEntry, Rule, RuleSpec } from "../../../src/mapping";
import { AppError } from "../../../src/lib";

/** An in-memory organisation catalog for the pure engine: names compare case-insensitively. */
export function fakeCatalog(
  entries: Partial<Record<CatalogTarget, string[]>>,
  options: {
    languages?: string[];
    defaultLanguage?: string;
    defaults?: Partial<Record<CatalogTarget, string | null>>;
  } = {},
) {
  const tables: Record<CatalogTarget, NamedEntry[]> = { department: [], jobProfile: [], permissionType: [] };
  for (const [target, names] of Object.entries(entries) as Array<[CatalogTarget, string[]]>) {
    tables[target] = names.map((name) => ({ id: `${target}:${name}`, name }));
  }
  const defaults: Record<CatalogTarget, string | null> = {
    department: "Default Department",
    jobProfile: "Default Job Profile",
    permissionType: "Learner",
    ...options.defaults,
  };
  for (const target of Object.keys(defaults) as CatalogTarget[]) {
    const name = defaults[target];
    if (name && !tables[target].some((e) => e.name === name))
      tables[target].push({ id: `${target}:${name}`, name });
  }
  const created: Array<{ target: CatalogTarget; name: string }> = [];
  const port: CatalogPort = {
    languages: options.languages ?? ["en", "da", "en-GB"],
    defaultLanguage: options.defaultLanguage ?? "en",
    find: async (target, name) =>
      tables[target].find((e) => e.name.toLowerCase() === name.trim().toLowerCase()) ?? null,
    create: async (target, name) => {
      const entry = { id: `${target}:${name}`, name };
      tables[target].push(entry);
      created.push({ target, name });
      return entry;
    },
    defaultOf: async (target) => {
      const name = defaults[target];
      const entry = tables[target].find((e) => e.name === name);
      if (!entry) throw new AppError("mapping.no_default", `no default ${target}`, { status: 400 });
      return entry;
    },
  };
  return { port, created, tables };
}

let counter = 0;
/** Rules with ids and positions in the order given. */
export function rules(...specs: Array<Partial<RuleSpec> & Pick<RuleSpec, "target" | "source">>): Rule[] {
  return specs.map((spec, position) => ({
    id: `rule-${++counter}`,
    position,
    valueMap: {},
    unknownPolicy: "default",
    ...spec,
  }));
}
