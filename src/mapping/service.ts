import type { EntityManager } from "typeorm";
import type { Organisation } from "../directory";
import { notFound } from "../lib";
import { databaseCatalog } from "./catalog-port";
import { inTransaction, type MappingContext } from "./context";
import { runMapping, type MappingOutcome } from "./engine";
import { presetNotFound } from "./errors";
import { isPresetName, PRESETS } from "./presets";
import { inRuleOrder, RuleStore, type RuleCreateInput, type RuleUpdateInput, type StoredRule } from "./rules";
import { readMappingState } from "./state";
import type { MappingInput, MappingResult } from "./types";
import type { RuleSpecInput } from "./validate";

/** What a dry run shows: the assignments with their names, and the trace. */
export type MappingPreview = MappingOutcome;

/** Thrown to end the dry run's transaction; carries the outcome out of it. */
class RollBack {
  constructor(readonly outcome: MappingOutcome) {}
}

/** One engine for SCIM, SSO, sign-up and import: per-organisation rules → directory assignments. */
export class MappingService {
  private readonly store: RuleStore;

  constructor(private readonly ctx: MappingContext) {
    this.store = new RuleStore(ctx);
  }

  /**
   * Departments, job profile, permission types and language for one person. Pass the channel's
   * transaction: entries a "create" rule makes are then committed with the user or not at all.
   * Throws AppError 400 `mapping.unknown_value` / `mapping.invalid_value` / `mapping.no_default`.
   */
  async resolve(
    organisationId: string,
    input: MappingInput,
    manager?: EntityManager,
  ): Promise<MappingResult> {
    const { outcome, organisation } = await inTransaction(this.ctx, manager, (tx) =>
      this.run(organisationId, input, tx),
    );
    return {
      organisation,
      departmentIds: outcome.departments.map((entry) => entry.id),
      jobProfileId: outcome.jobProfile.id,
      permissionTypeIds: outcome.permissionTypes.map((entry) => entry.id),
      language: outcome.language,
      trace: outcome.trace,
    };
  }

  /** The dry run: resolves in a transaction that is always rolled back, so nothing persists. */
  async preview(organisationId: string, input: MappingInput): Promise<MappingPreview> {
    try {
      await this.ctx.withTransaction(async (tx) => {
        throw new RollBack((await this.run(organisationId, input, tx)).outcome);
      });
    } catch (error) {
      if (error instanceof RollBack) return error.outcome;
      throw error;
    }
    throw new Error("unreachable: the dry-run transaction always rolls back");
  }

  listRules(organisationId: string, manager?: EntityManager): Promise<StoredRule[]> {
    return this.store.list(organisationId, manager);
  }

  getRule(organisationId: string, id: string): Promise<StoredRule> {
    return this.store.get(organisationId, id);
  }

  createRule(organisationId: string, input: RuleCreateInput, manager?: EntityManager): Promise<StoredRule> {
    return this.store.create(organisationId, input, manager);
  }

  updateRule(organisationId: string, id: string, input: RuleUpdateInput): Promise<StoredRule> {
    return this.store.update(organisationId, id, input);
  }

  deleteRule(organisationId: string, id: string): Promise<void> {
    return this.store.delete(organisationId, id);
  }

  replaceRules(
    organisationId: string,
    rules: RuleSpecInput[],
    manager?: EntityManager,
  ): Promise<StoredRule[]> {
    return this.store.replaceAll(organisationId, rules, manager);
  }

  /** Replaces the organisation's rules with a preset's (an admin starts from it and edits). */
  applyPreset(organisationId: string, name: string, manager?: EntityManager): Promise<StoredRule[]> {
    if (!isPresetName(name)) throw presetNotFound(name);
    return this.store.replaceAll(organisationId, PRESETS[name].rules, manager);
  }

  private async run(
    organisationId: string,
    input: MappingInput,
    tx: EntityManager,
  ): Promise<{ outcome: MappingOutcome; organisation: Organisation }> {
    const state = await readMappingState(tx, organisationId);
    if (!state) throw notFound("Organisation", "directory.organisation_not_found");
    const { organisation, rules, defaults } = state;
    return {
      outcome: await runMapping(
        inRuleOrder(rules),
        input,
        databaseCatalog(this.ctx.directory, organisation, tx, defaults),
      ),
      organisation,
    };
  }
}
