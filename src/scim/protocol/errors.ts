import { AppError } from "../../lib";

/**
 * RFC 7644 §3.12 "scimType" values. The HTTP serializer writes `status` as a string and omits
 * `scimType` when undefined (INTEROP.md "Transport").
 */
export type ScimType =
  | "uniqueness"
  | "invalidFilter"
  | "invalidSyntax"
  | "invalidPath"
  | "invalidValue"
  | "noTarget"
  | "mutability"
  | "tooMany"
  | "invalidVers"
  | "sensitive";

/**
 * A client-caused SCIM failure. It extends the project-wide AppError (code `scim.<scimType>`) so
 * the generic error handling and logging treat it like every other domain error.
 */
export class ScimError extends AppError {
  readonly scimType?: ScimType;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(`scim.${scimType ?? "error"}`, detail, { status });
    this.name = "ScimError";
    if (scimType !== undefined) this.scimType = scimType;
  }
}

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}

export const invalidValue = (detail: string): ScimError => new ScimError(400, detail, "invalidValue");
export const invalidSyntax = (detail: string): ScimError => new ScimError(400, detail, "invalidSyntax");
export const invalidPath = (detail: string): ScimError => new ScimError(400, detail, "invalidPath");
export const invalidFilter = (detail: string): ScimError => new ScimError(400, detail, "invalidFilter");
export const noTarget = (detail: string): ScimError => new ScimError(400, detail, "noTarget");
export const mutability = (detail: string): ScimError => new ScimError(400, detail, "mutability");
