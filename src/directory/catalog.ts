import type { EntityManager, ObjectLiteral } from "typeorm";
import { isForeignKeyViolation, uniqueViolation } from "../db";
import { conflict, invalid, newId, notFound } from "../lib";
import type { DirectoryContext } from "./context";
import { inTransaction } from "./context";
import {
  Department,
  JobProfile,
  Organisation,
  PermissionType,
  User,
  UserDepartment,
  UserPermissionType,
} from "./entities";
import { cleanText, nameKey } from "./normalize";

export type CatalogKind = "department" | "jobProfile" | "permissionType";
type Entry = Department | JobProfile | PermissionType;

interface KindSpec {
  entity: new () => Entry;
  label: string;
  /** The organisation column that marks the default entry. */
  defaultField: "defaultDepartmentId" | "defaultJobProfileId" | "defaultPermissionTypeId";
  /** How to tell whether any user still holds an entry. */
  usage: { entity: new () => ObjectLiteral; column: string };
}

const KINDS: Record<CatalogKind, KindSpec> = {
  department: {
    entity: Department,
    label: "Department",
    defaultField: "defaultDepartmentId",
    usage: { entity: UserDepartment, column: "departmentId" },
  },
  jobProfile: {
    entity: JobProfile,
    label: "Job profile",
    defaultField: "defaultJobProfileId",
    usage: { entity: User, column: "jobProfileId" },
  },
  permissionType: {
    entity: PermissionType,
    label: "Permission type",
    defaultField: "defaultPermissionTypeId",
    usage: { entity: UserPermissionType, column: "permissionTypeId" },
  },
};

export interface CatalogInput {
  name?: string;
  externalId?: string | null;
  /** Departments only. */
  parentId?: string | null;
  /** Permission types only. */
  consoleAccess?: boolean;
}

/** Departments, job profiles and permission types share one set of rules; this is it. */
export class CatalogService<T extends Entry> {
  private readonly spec: KindSpec;
  private readonly code: string;

  constructor(
    private readonly ctx: DirectoryContext,
    readonly kind: CatalogKind,
  ) {
    this.spec = KINDS[kind];
    this.code = kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  }

  async list(organisationId: string, manager?: EntityManager): Promise<T[]> {
    const em = manager ?? this.ctx.dataSource.manager;
    return em.find(this.spec.entity, { where: { organisationId }, order: { nameKey: "ASC" } }) as Promise<
      T[]
    >;
  }

  /** One page, by name, paged in the database (the console's lists). */
  async listPage(
    organisationId: string,
    query: { page?: number; pageSize?: number },
  ): Promise<{ items: T[]; page: number; pageSize: number; total: number }> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const [items, total] = await this.ctx.dataSource.manager.findAndCount(this.spec.entity, {
      where: { organisationId },
      order: { nameKey: "ASC", id: "ASC" },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: items as T[], page, pageSize, total };
  }

  async get(organisationId: string, id: string, manager?: EntityManager): Promise<T> {
    const em = manager ?? this.ctx.dataSource.manager;
    const entry = await em.findOneBy(this.spec.entity, { id, organisationId });
    if (!entry) throw notFound(this.spec.label, `directory.${this.code}_not_found`);
    return entry as T;
  }

  async findByName(organisationId: string, name: string, manager?: EntityManager): Promise<T | null> {
    const em = manager ?? this.ctx.dataSource.manager;
    return (await em.findOneBy(this.spec.entity, { organisationId, nameKey: nameKey(name) })) as T | null;
  }

  async create(organisationId: string, input: CatalogInput, manager?: EntityManager): Promise<T> {
    const now = this.ctx.clock.now();
    const name = this.requireName(input.name);
    const entry = Object.assign(new this.spec.entity(), {
      id: newId(),
      organisationId,
      name,
      nameKey: nameKey(name),
      externalId: cleanText(input.externalId),
      createdAt: now,
      updatedAt: now,
    }) as T;
    return inTransaction(this.ctx, manager, async (tx) => {
      this.applyKindFields(entry, input);
      if (entry instanceof Department && entry.parentId) await this.assertParentExists(tx, entry);
      await this.insertOrConflict(tx, entry);
      return entry;
    });
  }

  async update(organisationId: string, id: string, input: CatalogInput): Promise<T> {
    return this.ctx.withTransaction(async (tx) => {
      const entry = await this.get(organisationId, id, tx);
      if (input.name !== undefined) {
        entry.name = this.requireName(input.name);
        entry.nameKey = nameKey(entry.name);
      }
      if (input.externalId !== undefined) entry.externalId = cleanText(input.externalId);
      this.applyKindFields(entry, input);
      if (entry instanceof Department && entry.parentId) {
        await this.assertParentExists(tx, entry);
        await this.assertNoCycle(tx, entry);
      }
      entry.updatedAt = this.ctx.clock.now();
      try {
        await tx.save(entry);
      } catch (error) {
        throw this.translate(error, entry.name);
      }
      return entry;
    });
  }

  /** Refused while users, child departments or the organisation's default setting depend on it. */
  async delete(organisationId: string, id: string): Promise<void> {
    await this.ctx.withTransaction(async (tx) => {
      const entry = await this.get(organisationId, id, tx);
      const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
      if (org[this.spec.defaultField] === id) {
        throw conflict(
          `directory.${this.code}_is_default`,
          `${entry.name} is the default and cannot be deleted`,
        );
      }
      const users = await tx.countBy(this.spec.usage.entity, { [this.spec.usage.column]: id });
      if (users > 0) {
        throw conflict(
          `directory.${this.code}_in_use`,
          `${entry.name} is assigned to ${users} user(s); reassign them before deleting it`,
        );
      }
      if (entry instanceof Department && (await tx.existsBy(Department, { parentId: id }))) {
        throw conflict("directory.department_has_children", `${entry.name} has sub-departments`);
      }
      try {
        await tx.delete(this.spec.entity, { id, organisationId });
      } catch (error) {
        // A user was assigned between the count and the delete: the foreign key decides.
        if (isForeignKeyViolation(error)) {
          throw conflict(`directory.${this.code}_in_use`, `${entry.name} is assigned to users`);
        }
        throw error;
      }
    });
  }

  private applyKindFields(entry: T, input: CatalogInput): void {
    if (entry instanceof Department) {
      if (input.parentId !== undefined) entry.parentId = input.parentId;
      else if (entry.parentId === undefined) entry.parentId = null;
    } else if (input.parentId !== undefined) {
      throw invalid("directory.field_not_applicable", "Only departments have a parent", "parentId");
    }
    if (entry instanceof PermissionType) {
      if (input.consoleAccess !== undefined) entry.consoleAccess = input.consoleAccess;
      else if (entry.consoleAccess === undefined) entry.consoleAccess = false;
    } else if (input.consoleAccess !== undefined) {
      throw invalid(
        "directory.field_not_applicable",
        "Only permission types grant console access",
        "consoleAccess",
      );
    }
  }

  /** A missing parent is a bad field of this request (422 on parentId), not a missing resource (404). */
  private async assertParentExists(tx: EntityManager, entry: Department): Promise<void> {
    const parent = { id: entry.parentId ?? "", organisationId: entry.organisationId };
    if (!(await tx.existsBy(Department, parent))) {
      throw invalid(
        "directory.department_not_found",
        "No such parent department in this organisation",
        "parentId",
      );
    }
  }

  private async assertNoCycle(tx: EntityManager, entry: Department): Promise<void> {
    const seen = new Set([entry.id]);
    let parentId: string | null = entry.parentId;
    while (parentId) {
      if (seen.has(parentId)) {
        throw invalid("directory.department_cycle", "A department cannot be its own ancestor", "parentId");
      }
      seen.add(parentId);
      const parent: Department = (await this.get(entry.organisationId, parentId, tx)) as Department;
      parentId = parent.parentId;
    }
  }

  private async insertOrConflict(tx: EntityManager, entry: T): Promise<void> {
    try {
      await tx.insert(this.spec.entity, entry);
    } catch (error) {
      throw this.translate(error, entry.name);
    }
  }

  private translate(error: unknown, name: string): unknown {
    if (uniqueViolation(error)) {
      return conflict(
        `directory.${this.code}_name_taken`,
        `${this.spec.label} "${name}" already exists`,
        "name",
      );
    }
    return error;
  }

  private requireName(value: string | undefined): string {
    const name = cleanText(value);
    if (!name || name.length > 200) {
      throw invalid("directory.name_required", "A name of 1–200 characters is required", "name");
    }
    return name;
  }
}
