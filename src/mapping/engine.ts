import { unknownValue } from "./errors";
import { catalogSlot, languageSlot, type Slot } from "./slots";
import { stepsFor, type Candidate, type Step } from "./steps";
import {
  TARGET_LABELS,
  type CatalogTarget,
  type MappingInput,
  type NamedEntry,
  type Rule,
  type TraceEntry,
} from "./types";

/** What the engine needs from the organisation's catalog; the database adapter or a test fake. */
export interface CatalogPort {
  languages: readonly string[];
  defaultLanguage: string;
  find(target: CatalogTarget, name: string): Promise<NamedEntry | null>;
  create(target: CatalogTarget, name: string): Promise<NamedEntry>;
  /** The organisation default; throws `mapping.no_default` when there is none. */
  defaultOf(target: CatalogTarget): Promise<NamedEntry>;
}

export interface MappingOutcome {
  departments: NamedEntry[];
  jobProfile: NamedEntry;
  permissionTypes: NamedEntry[];
  language: string;
  trace: TraceEntry[];
}

/** Runs the organisation's rules for one user. Rules are applied in `position` order. */
export async function runMapping(
  rules: readonly Rule[],
  input: MappingInput,
  port: CatalogPort,
): Promise<MappingOutcome> {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const trace: TraceEntry[] = [];
  const run = new Run(ordered, input, trace);
  const departments = await run.many(catalogSlot("department", port), (e) => e.id);
  const jobProfile = await run.one(catalogSlot("jobProfile", port));
  const permissionTypes = await run.many(catalogSlot("permissionType", port), (e) => e.id);
  const language = await run.one(languageSlot(port));
  return { departments, jobProfile, permissionTypes, language, trace };
}

class Run {
  constructor(
    private readonly rules: readonly Rule[],
    private readonly input: MappingInput,
    private readonly trace: TraceEntry[],
  ) {}

  /** Multi-valued targets collect every proposal of every rule; each must be placeable. */
  async many<T>(slot: Slot<T>, key: (value: T) => string): Promise<T[]> {
    const out = new Map<string, T>();
    for (const step of stepsFor(slot.target, this.rules, this.input)) {
      for (const candidate of step.candidates) {
        const found = await slot.find(candidate.name);
        const value = found ?? (await this.unknown(slot, step, candidate));
        if (found !== undefined) this.found(slot, step, candidate, found);
        if (!out.has(key(value))) out.set(key(value), value);
      }
    }
    if (out.size > 0) return [...out.values()];
    return [await this.nothingMatched(slot)];
  }

  /**
   * Single-valued targets take the first proposal that names an existing entry, in rule order.
   * Only when none does is the first proposal's unknown-value policy applied, so a later rule
   * that matches beats an earlier one that would create, fall back or reject.
   */
  async one<T>(slot: Slot<T>): Promise<T> {
    let firstUnknown: { step: Step; candidate: Candidate } | undefined;
    for (const step of stepsFor(slot.target, this.rules, this.input)) {
      for (const candidate of step.candidates) {
        const found = await slot.find(candidate.name);
        if (found !== undefined) {
          this.found(slot, step, candidate, found);
          return found;
        }
        firstUnknown ??= { step, candidate };
      }
    }
    if (firstUnknown) return this.unknown(slot, firstUnknown.step, firstUnknown.candidate);
    return this.nothingMatched(slot);
  }

  private found<T>(slot: Slot<T>, step: Step, candidate: Candidate, value: T): void {
    const label = TARGET_LABELS[slot.target];
    const via = candidate.mapped ? ` → "${candidate.name}" by the value map` : "";
    const outcome = step.explicit ? "explicit" : candidate.mapped ? "mapped" : "matched";
    const who = step.explicit ? "The LMS extension" : `${candidate.source}`;
    // An explicit value decides on its own; the governing rule only lends its policy for unknowns.
    const decidedBy = step.explicit ? { ...step, ruleId: undefined } : step;
    const detail = `${who} "${candidate.value}"${via} names the ${label} "${slot.nameOf(value)}"`;
    this.record(slot, decidedBy, candidate, outcome, detail);
  }

  private async unknown<T>(slot: Slot<T>, step: Step, candidate: Candidate): Promise<T> {
    const label = TARGET_LABELS[slot.target];
    const what = `"${candidate.name}"${candidate.mapped ? ` (value map of "${candidate.value}")` : ""} names no ${label}`;
    if (step.policy === "reject") throw unknownValue(slot.target, candidate.name, candidate.source);
    if (step.policy === "create") {
      const created = await slot.create(candidate.name, candidate);
      this.record(slot, step, candidate, "created", `${what}; the rule creates it`);
      return created;
    }
    const fallback = await slot.fallback();
    const why = step.ruleId ? "the rule falls back to" : "using";
    this.record(
      slot,
      step,
      candidate,
      "default",
      `${what}; ${why} the organisation default "${slot.nameOf(fallback)}"`,
    );
    return fallback;
  }

  private async nothingMatched<T>(slot: Slot<T>): Promise<T> {
    const value = await slot.fallback();
    const rules = this.rules.filter((rule) => rule.target === slot.target).length;
    const why =
      rules === 0
        ? `No rule targets the ${TARGET_LABELS[slot.target]}`
        : `None of ${rules} rule(s) produced a value`;
    this.trace.push({
      target: slot.target,
      source: "default",
      outcome: "default",
      detail: `${why}; the organisation default "${slot.nameOf(value)}" applies`,
    });
    return value;
  }

  private record<T>(
    slot: Slot<T>,
    step: Step,
    candidate: Candidate,
    outcome: TraceEntry["outcome"],
    detail: string,
  ): void {
    this.trace.push({
      target: slot.target,
      ...(step.ruleId ? { ruleId: step.ruleId } : {}),
      source: candidate.source,
      value: candidate.value,
      outcome,
      detail,
    });
  }
}
