import type { ValueTransformer } from "typeorm";

export const ID = { type: "varchar", length: 36 } as const;
export const DATETIME = { type: "datetime", precision: 3 } as const;

/** SQLite hands booleans back as 0/1. */
export const booleanTransformer: ValueTransformer = {
  to: (value: boolean | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Boolean(value)),
};
