import type { EntityManager } from "typeorm";
import { uniqueViolation } from "../db";
import { conflict, invalid, newId, notFound } from "../lib";
import type { DirectoryContext } from "./context";
import { inTransaction } from "./context";
import { Department, JobProfile, Organisation, PermissionType } from "./entities";
import { cleanText, nameKey, normalizeLanguage, normalizeSlug } from "./normalize";

export interface CreateOrganisationInput {
  slug: string;
  name: string;
  defaultLanguage?: string;
  languages?: string[];
}

export interface UpdateOrganisationInput {
  name?: string;
  defaultLanguage?: string;
  languages?: string[];
  defaultDepartmentId?: string;
  defaultJobProfileId?: string;
  defaultPermissionTypeId?: string;
}

export class OrganisationService {
  constructor(private readonly ctx: DirectoryContext) {}

  /**
   * A new organisation starts usable: a default Department, a default Job Profile, the
   * permission types "Learner" (the default) and "Administrator" (console access).
   */
  async create(input: CreateOrganisationInput, manager?: EntityManager): Promise<Organisation> {
    const slug = normalizeSlug(input.slug);
    const name = requireName(input.name);
    const { defaultLanguage, languages } = languageSettings(input.defaultLanguage ?? "en", input.languages);
    const now = this.ctx.clock.now();
    const org = Object.assign(new Organisation(), {
      id: newId(),
      slug,
      name,
      defaultLanguage,
      languages,
      createdAt: now,
      updatedAt: now,
    });
    const entry = <T extends object>(type: new () => T, entryName: string, extra: object = {}): T =>
      Object.assign(new type(), {
        id: newId(),
        organisationId: org.id,
        name: entryName,
        nameKey: nameKey(entryName),
        externalId: null,
        createdAt: now,
        updatedAt: now,
        ...extra,
      });
    const department = entry(Department, "Default Department", { parentId: null });
    const jobProfile = entry(JobProfile, "Default Job Profile");
    const learner = entry(PermissionType, "Learner", { consoleAccess: false });
    const administrator = entry(PermissionType, "Administrator", { consoleAccess: true });
    org.defaultDepartmentId = department.id;
    org.defaultJobProfileId = jobProfile.id;
    org.defaultPermissionTypeId = learner.id;
    try {
      await inTransaction(this.ctx, manager, async (tx) => {
        await tx.insert(Organisation, org);
        await tx.insert(Department, department);
        await tx.insert(JobProfile, jobProfile);
        await tx.insert(PermissionType, [learner, administrator]);
      });
    } catch (error) {
      if (uniqueViolation(error)) {
        throw conflict("directory.slug_taken", `An organisation with slug "${slug}" already exists`, "slug");
      }
      throw error;
    }
    return org;
  }

  async list(): Promise<Organisation[]> {
    return this.ctx.dataSource.getRepository(Organisation).find({ order: { slug: "ASC" } });
  }

  /** One page by slug, optionally only slugs or names starting with `q` (the operator's list). */
  async listPage(query: { q?: string; page?: number; pageSize?: number }) {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const qb = this.ctx.dataSource.getRepository(Organisation).createQueryBuilder("o");
    const q = query.q?.trim().toLowerCase();
    if (q) {
      const term = `${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.where("(o.slug LIKE :term ESCAPE '!' OR LOWER(o.name) LIKE :term ESCAPE '!')", { term });
    }
    const [items, total] = await qb
      .orderBy("o.slug", "ASC")
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, page, pageSize, total };
  }

  async findBySlug(slug: string): Promise<Organisation | null> {
    return this.ctx.dataSource.getRepository(Organisation).findOneBy({ slug: slug.toLowerCase() });
  }

  async getBySlug(slug: string): Promise<Organisation> {
    const org = await this.findBySlug(slug);
    if (!org) throw notFound("Organisation", "directory.organisation_not_found");
    return org;
  }

  async getById(id: string): Promise<Organisation> {
    const org = await this.ctx.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!org) throw notFound("Organisation", "directory.organisation_not_found");
    return org;
  }

  async update(id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    return this.ctx.withTransaction(async (tx) => {
      const org = await tx.findOneBy(Organisation, { id });
      if (!org) throw notFound("Organisation", "directory.organisation_not_found");
      if (input.name !== undefined) org.name = requireName(input.name);
      if (input.languages !== undefined || input.defaultLanguage !== undefined) {
        Object.assign(
          org,
          languageSettings(input.defaultLanguage ?? org.defaultLanguage, input.languages ?? org.languages),
        );
      }
      const defaults = [
        [input.defaultDepartmentId, Department, "defaultDepartmentId"],
        [input.defaultJobProfileId, JobProfile, "defaultJobProfileId"],
        [input.defaultPermissionTypeId, PermissionType, "defaultPermissionTypeId"],
      ] as const;
      for (const [value, type, field] of defaults) {
        if (value === undefined) continue;
        const exists = await tx.existsBy(type, { id: value, organisationId: org.id });
        if (!exists)
          throw invalid("directory.default_not_found", `No such entry in this organisation`, field);
        org[field] = value;
      }
      org.updatedAt = this.ctx.clock.now();
      await tx.save(org);
      return org;
    });
  }
}

function requireName(value: string): string {
  const name = cleanText(value);
  if (!name || name.length > 200) {
    throw invalid("directory.name_required", "A name of 1–200 characters is required", "name");
  }
  return name;
}

function languageSettings(defaultLanguage: string, languages: string[] | undefined) {
  const normalizedDefault = normalizeLanguage(defaultLanguage, "defaultLanguage");
  const list = [...new Set((languages ?? [normalizedDefault]).map((l) => normalizeLanguage(l, "languages")))];
  if (!list.includes(normalizedDefault)) {
    throw invalid(
      "directory.default_language_not_enabled",
      `The default language "${normalizedDefault}" must be one of the enabled languages`,
      "defaultLanguage",
    );
  }
  return { defaultLanguage: normalizedDefault, languages: list };
}
