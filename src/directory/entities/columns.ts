import { ValueTransformer } from "typeorm";

/**
 * Portable column helpers. Dates are stored as UTC datetimes with millisecond precision on
 * both SQLite and MySQL (the MySQL pool runs with timezone "Z").
 */
export const ID = { type: "varchar", length: 36 } as const;
export const DATETIME = { type: "datetime", precision: 3 } as const;

/** SQLite hands booleans back as 0/1; normalise so domain code sees real booleans. */
export const booleanTransformer: ValueTransformer = {
  to: (value: boolean | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Boolean(value)),
};
