import type { EntityManager } from "typeorm";
import { selectMany } from "../db";
import { newId } from "../lib";
import { inTransaction, type MappingContext } from "./context";
import { invalidRule, ruleNotFound } from "./errors";
import { MappingRule } from "./rule.entity";
import type { GroupMatch, Rule } from "./types";
import { MAX_RULES, validateRuleSpec, type RuleSpecInput } from "./validate";

export interface StoredRule extends Rule {
  createdAt: Date;
  updatedAt: Date;
}

export type RuleCreateInput = RuleSpecInput & { position?: number };
export type RuleUpdateInput = Partial<RuleCreateInput>;

export function ruleOf(row: MappingRule): StoredRule {
  return {
    id: row.id,
    target: row.target,
    source:
      row.sourceKind === "group"
        ? { kind: "group", match: row.sourcePath as GroupMatch }
        : { kind: "attribute", path: row.sourcePath },
    valueMap: row.valueMap,
    unknownPolicy: row.unknownPolicy,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Rows as the engine applies them. Equal positions (concurrent appends) keep creation order. */
export function inRuleOrder(rows: MappingRule[]): StoredRule[] {
  return [...rows]
    .sort(
      (a, b) =>
        a.position - b.position ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map(ruleOf);
}

/** The rule table, always scoped by organisation: another tenant's rule id is simply "not found". */
export class RuleStore {
  constructor(private readonly ctx: MappingContext) {}

  async list(organisationId: string, manager?: EntityManager): Promise<StoredRule[]> {
    const em = manager ?? this.ctx.dataSource.manager;
    // A hand-built SELECT (the mapping run itself reads the rules with its organisation: state.ts).
    return inRuleOrder(await selectMany(em, MappingRule, { organisationId }));
  }

  async get(organisationId: string, id: string, manager?: EntityManager): Promise<StoredRule> {
    return ruleOf(await this.row(manager ?? this.ctx.dataSource.manager, organisationId, id));
  }

  async create(organisationId: string, input: RuleCreateInput, manager?: EntityManager): Promise<StoredRule> {
    const spec = validateRuleSpec(input);
    return inTransaction(this.ctx, manager, async (tx) => {
      const count = await tx.countBy(MappingRule, { organisationId });
      if (count >= MAX_RULES) throw invalidRule(`An organisation has at most ${MAX_RULES} rules`, "rules");
      const position = input.position ?? (await this.nextPosition(tx, organisationId));
      const row = this.newRow(organisationId, spec, position);
      await tx.insert(MappingRule, row);
      return ruleOf(row);
    });
  }

  async update(organisationId: string, id: string, input: RuleUpdateInput): Promise<StoredRule> {
    return this.ctx.withTransaction(async (tx) => {
      const row = await this.row(tx, organisationId, id);
      const current = ruleOf(row);
      // The merged rule is validated as a whole: a patch may not leave an impossible combination.
      const spec = validateRuleSpec({
        target: input.target ?? current.target,
        source: input.source ?? current.source,
        valueMap: input.valueMap ?? current.valueMap,
        unknownPolicy: input.unknownPolicy ?? current.unknownPolicy,
      });
      Object.assign(row, columnsOf(spec), {
        position: input.position ?? row.position,
        updatedAt: this.ctx.clock.now(),
      });
      await tx.save(row);
      return ruleOf(row);
    });
  }

  async delete(organisationId: string, id: string): Promise<void> {
    const result = await this.ctx.dataSource.manager.delete(MappingRule, { id, organisationId });
    if (!result.affected) throw ruleNotFound();
  }

  /** The whole list at once, positions following the given order; all or nothing. */
  async replaceAll(
    organisationId: string,
    inputs: RuleSpecInput[],
    manager?: EntityManager,
  ): Promise<StoredRule[]> {
    if (inputs.length > MAX_RULES)
      throw invalidRule(`An organisation has at most ${MAX_RULES} rules`, "rules");
    const specs = inputs.map((input, index) => validateRuleSpec(input, `rules.${index}.`));
    return inTransaction(this.ctx, manager, async (tx) => {
      await tx.delete(MappingRule, { organisationId });
      const rows = specs.map((spec, index) => this.newRow(organisationId, spec, index));
      if (rows.length > 0) await tx.insert(MappingRule, rows);
      return rows.map(ruleOf);
    });
  }

  private async row(em: EntityManager, organisationId: string, id: string): Promise<MappingRule> {
    const row = await em.findOneBy(MappingRule, { id, organisationId });
    if (!row) throw ruleNotFound();
    return row;
  }

  private async nextPosition(tx: EntityManager, organisationId: string): Promise<number> {
    const last = await tx.findOne(MappingRule, { where: { organisationId }, order: { position: "DESC" } });
    return last ? last.position + 1 : 0;
  }

  private newRow(organisationId: string, spec: ReturnType<typeof validateRuleSpec>, position: number) {
    const now = this.ctx.clock.now();
    return Object.assign(new MappingRule(), {
      id: newId(),
      organisationId,
      ...columnsOf(spec),
      position,
      createdAt: now,
      updatedAt: now,
    });
  }
}

function columnsOf(spec: ReturnType<typeof validateRuleSpec>) {
  return {
    target: spec.target,
    sourceKind: spec.source.kind,
    sourcePath: spec.source.kind === "group" ? spec.source.match : spec.source.path,
    valueMap: spec.valueMap,
    unknownPolicy: spec.unknownPolicy,
  };
}
