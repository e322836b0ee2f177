import type { DataSource, EntityManager } from "typeorm";
import { uniqueViolation, type WithTransaction } from "../db";
import type { Directory, Organisation } from "../directory";
import { invalid, type Clock } from "../lib";
import { SignupSettingsRow } from "./settings.entity";

export interface SignupSettings {
  enabled: boolean;
  userSelectsDepartment: boolean;
  /** The departments people may choose from (only those that still exist). */
  selectableDepartmentIds: string[];
  /** Empty: any email domain may sign up. */
  allowedEmailDomains: string[];
  /** Null: the organisation's default. */
  defaultDepartmentId: string | null;
  defaultJobProfileId: string | null;
  defaultPermissionTypeId: string | null;
  updatedAt: Date | null;
}

export type SignupSettingsUpdate = Partial<Omit<SignupSettings, "updatedAt">>;

/** What a new account gets when the form does not decide it. */
export interface SignupDefaults {
  departmentId: string | null;
  jobProfileId: string | null;
  permissionTypeId: string | null;
}

const OFF: SignupSettings = {
  enabled: false,
  userSelectsDepartment: false,
  selectableDepartmentIds: [],
  allowedEmailDomains: [],
  defaultDepartmentId: null,
  defaultJobProfileId: null,
  defaultPermissionTypeId: null,
  updatedAt: null,
};

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normalizeDomains(domains: string[]): string[] {
  const out = new Set<string>();
  for (const raw of domains) {
    const domain = raw.trim().toLowerCase().replace(/^@/, "");
    if (!DOMAIN.test(domain))
      throw invalid("signup.invalid_domain", `"${raw}" is not an email domain`, "allowedEmailDomains");
    out.add(domain);
  }
  return [...out].sort();
}

/** Sign-up settings per organisation; every query is scoped by organisation id. */
export class SignupSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  async get(organisationId: string, manager?: EntityManager): Promise<SignupSettings> {
    const em = manager ?? this.dataSource.manager;
    const row = await em.findOneBy(SignupSettingsRow, { organisationId });
    if (!row) return { ...OFF };
    // A department deleted since it was listed is simply no longer offered.
    const existing = new Set((await this.directory.departments.list(organisationId, em)).map((d) => d.id));
    const { organisationId: _o, createdAt: _c, ...settings } = row;
    return {
      ...settings,
      selectableDepartmentIds: row.selectableDepartmentIds.filter((id) => existing.has(id)),
    };
  }

  /** The settings' own defaults, else the organisation's. */
  defaults(org: Organisation, settings: SignupSettings): SignupDefaults {
    return {
      departmentId: settings.defaultDepartmentId ?? org.defaultDepartmentId,
      jobProfileId: settings.defaultJobProfileId ?? org.defaultJobProfileId,
      permissionTypeId: settings.defaultPermissionTypeId ?? org.defaultPermissionTypeId,
    };
  }

  /** Fields not given keep their value; every id must be one of this organisation's. */
  async update(organisationId: string, input: SignupSettingsUpdate): Promise<SignupSettings> {
    return this.withTransaction(async (tx) => {
      const current = await this.get(organisationId, tx);
      const next: SignupSettings = { ...current, ...definedOnly(input), updatedAt: this.clock.now() };
      next.allowedEmailDomains = normalizeDomains(next.allowedEmailDomains);
      next.selectableDepartmentIds = [...new Set(next.selectableDepartmentIds)];
      await this.checkReferences(tx, organisationId, next);
      const row = Object.assign(new SignupSettingsRow(), {
        ...next,
        organisationId,
        createdAt: next.updatedAt,
      });
      const { organisationId: _o, createdAt: _c, ...changes } = row;
      if (current.updatedAt) await tx.update(SignupSettingsRow, { organisationId }, changes);
      else {
        // Two first writes at once: the loser's insert hits the primary key and becomes an update.
        await tx.insert(SignupSettingsRow, row).catch(async (error: unknown) => {
          if (!uniqueViolation(error)) throw error;
          await tx.update(SignupSettingsRow, { organisationId }, changes);
        });
      }
      return next;
    });
  }

  private async checkReferences(tx: EntityManager, organisationId: string, s: SignupSettings) {
    const { departments, jobProfiles, permissionTypes } = this.directory;
    const ids = async (catalog: typeof departments | typeof jobProfiles | typeof permissionTypes) =>
      new Set((await catalog.list(organisationId, tx)).map((e) => e.id));
    const departmentIds = await ids(departments);
    if (s.selectableDepartmentIds.some((id) => !departmentIds.has(id)))
      throw invalid(
        "signup.department_not_found",
        "No such department in this organisation",
        "selectableDepartmentIds",
      );
    if (s.userSelectsDepartment && s.selectableDepartmentIds.length === 0)
      throw invalid(
        "signup.departments_required",
        "List the departments people may choose from (selectableDepartmentIds)",
        "selectableDepartmentIds",
      );
    const checks = [
      [s.defaultDepartmentId, departmentIds, "defaultDepartmentId", "department"],
      [s.defaultJobProfileId, await ids(jobProfiles), "defaultJobProfileId", "job profile"],
      [s.defaultPermissionTypeId, await ids(permissionTypes), "defaultPermissionTypeId", "permission type"],
    ] as const;
    for (const [id, known, field, label] of checks) {
      if (id !== null && !known.has(id))
        throw invalid("signup.default_not_found", `No such ${label} in this organisation`, field);
    }
  }
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
