import type { CatalogPort } from "./engine";
import { invalidValue, unknownValue } from "./errors";
import { matchLanguage } from "./language";
import type { Candidate } from "./steps";
import type { CatalogTarget, MappingTarget, NamedEntry } from "./types";

/** A target's lookups, so one algorithm serves catalog entries and languages. */
export interface Slot<T> {
  target: MappingTarget;
  find(name: string): Promise<T | undefined>;
  create(name: string, candidate: Candidate): Promise<T>;
  fallback(): Promise<T>;
  nameOf(value: T): string;
}

const MAX_NAME = 200;

export function catalogSlot(target: CatalogTarget, port: CatalogPort): Slot<NamedEntry> {
  return {
    target,
    find: async (name) => (await port.find(target, name)) ?? undefined,
    create: async (name, candidate) => {
      if (name.length > MAX_NAME) {
        throw invalidValue(target, name, candidate.source, `names are at most ${MAX_NAME} characters`);
      }
      return port.create(target, name);
    },
    fallback: () => port.defaultOf(target),
    nameOf: (entry) => entry.name,
  };
}

export function languageSlot(port: CatalogPort): Slot<string> {
  return {
    target: "language",
    find: async (name) => matchLanguage(name, port.languages),
    // Validation refuses "create" for language rules; an explicit value without a rule rejects.
    create: async (name, candidate) => {
      throw unknownValue("language", name, candidate.source);
    },
    fallback: async () => port.defaultLanguage,
    nameOf: (language) => language,
  };
}
