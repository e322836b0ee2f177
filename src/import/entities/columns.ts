import type { ValueTransformer } from "typeorm";

// The same portable column shapes as the directory's (entities may not reach into another module).
export const ID = { type: "varchar", length: 36 } as const;
export const DATETIME = { type: "datetime", precision: 3 } as const;

/** SQLite hands booleans back as 0/1. */
export const booleanTransformer: ValueTransformer = {
  to: (value: boolean | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Boolean(value)),
};

/** JSON in a TEXT column (simple-json has no null handling we can rely on across drivers). */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: unknown) => (typeof value === "string" ? JSON.parse(value) : null),
};
